import { assess } from '../../domain/assessment';
import { findings, report, transaction } from './fixtures';

/** The fixture's charge is dated 2026-03-01T10:00Z by the processor. */
const believing = (believedChargedOn: string) => ({ ...report('AMOUNT_MISMATCH'), believedChargedOn });
const overcharge = () => findings(transaction([6000]), 5000);

describe('the date the customer believes they were charged', () => {
  test('is named in the reasons, with the processor\'s date, when the two differ', () => {
    const a = assess(believing('2026-03-05'), overcharge(), '2026-03-10T10:00:00.000Z', 60);
    expect(a.reasons).toContain(
      'The customer believes the charge was on 2026-03-05; the processor dates it 2026-03-01T10:00:00.000Z (4 days apart). The reporting window counts from the processor\'s date.',
    );
  });

  test('adds nothing when it is the processor\'s date in some time zone', () => {
    const plain = assess(report('AMOUNT_MISMATCH'), overcharge(), '2026-03-10T10:00:00.000Z', 60);
    for (const day of ['2026-03-01', '2026-03-02']) {
      expect(assess(believing(day), overcharge(), '2026-03-10T10:00:00.000Z', 60).reasons).toEqual(plain.reasons);
    }
  });

  test('never moves the reporting window: a charge the processor dates 70 days back stays outside', () => {
    const a = assess(believing('2026-04-20'), overcharge(), '2026-05-10T10:00:00.000Z', 60);
    expect(a.outsideReportingWindow).toBe(true);
    expect(a.unambiguous).toBe(false);
    expect(a.reasons.at(-1)).toMatch(/^The customer believes the charge was on 2026-04-20; .*\(50 days apart\)/);
  });

  test('is given to the agent when the processor has no such transaction', () => {
    const a = assess(believing('2026-03-05'), findings(null, null), '2026-03-10T10:00:00.000Z', 60);
    expect(a.reasons).toContain('The customer believes the charge was on 2026-03-05.');
  });
});
