import { isCaseCustomer } from '../../intake/sender';

const ada = { id: 'cus_ada', email: 'Ada@Example.com', locale: 'en' as const };

describe("who may add to a case: only the case's customer", () => {
  test.each([
    ['an e-mail from the customer address, in any letter case', ada, { channel: 'email', customer: { id: 'email:ada@example.com', email: 'ada@example.COM' } }, true],
    ['an e-mail from another address', ada, { channel: 'email', customer: { id: 'email:eve@example.com', email: 'eve@example.com' } }, false],
    ['a chat from the same customer id and address', ada, { channel: 'chat', customer: { id: 'cus_ada', email: 'ada@example.com' } }, true],
    ['a chat from another customer id with the same address', ada, { channel: 'chat', customer: { id: 'cus_eve', email: 'ada@example.com' } }, false],
    ['a chat from the same customer id with another address', ada, { channel: 'chat', customer: { id: 'cus_ada', email: 'eve@example.com' } }, false],
    ['anyone, when the case does not know its customer yet', null, { channel: 'email', customer: { id: 'email:ada@example.com', email: 'ada@example.com' } }, false],
  ] as const)('%s', (_what, caseCustomer, sender, allowed) => {
    expect(isCaseCustomer(caseCustomer, sender)).toBe(allowed);
  });
});
