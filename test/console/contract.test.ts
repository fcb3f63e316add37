import type * as queries from '../../records/queries';
import type * as reports from '../../records/reports';
import type * as mail from '../../records/mail';
import type { CasePage, CaseRow, Figures, QueueCounts, SentEmail, StaffCaseView, Summary } from '../../console/src/lib/types';
import type { staffView } from '../../api/views';

/** Each type is assignable to the other: the console's copy says what the server answers. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <T extends true>(_: T) => undefined;

describe('the console reads what the API answers', () => {
  test('queue rows, counts, report figures, the case view and its e-mails match what the server modules answer (checked by the type checker)', () => {
    same<Same<CaseRow, queries.CaseRow>>(true);
    same<Same<CasePage, queries.CasePage>>(true);
    same<Same<QueueCounts, queries.QueueCounts>>(true);
    same<Same<Figures, reports.Figures>>(true);
    same<Same<Omit<Summary, 'scope'>, reports.Summary>>(true);
    // The staff view is what api/views.ts builds (its assignee and internal notes included).
    same<Same<StaffCaseView, ReturnType<typeof staffView>>>(true);
    same<Same<SentEmail, mail.SentMail>>(true);
    expect(true).toBe(true);
  });
});
