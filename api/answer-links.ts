import { DEFAULT_TIME_ZONE, formatDate, timeZoneName } from '../documents/dates';
import type { Client } from '@temporalio/client';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { CASE_ID_PATTERN, workflowIdFor } from '../domain/ids';
import type { CaseState, Locale } from '../domain/vocabulary';
import { escapeHtml } from '../notifications/letter';
import { verifySatisfactionToken } from '../notifications/links';
import { caseStateQuery, satisfactionUpdate } from '../workflows/resolve-discrepancy';
import { readWithin, writeWithin } from './deadlines';
import { toProblem } from './problems';

/** The page's words, as the e-mails word them: a "case" ("dossier") and an "adviser" ("conseiller"). */
export const PAGE_TEXT = {
  en: {
    title: 'Your case',
    question: 'Are you satisfied with how we resolved it?',
    satisfied: 'Yes, I am satisfied',
    unsatisfied: 'No, I am not satisfied',
    comment: 'Anything you would like to add (optional)',
    confirm: 'Send my answer',
    thanks: 'Thank you: your answer is recorded.',
    reopened: 'We are sorry. Your case is reopened and an adviser will look at it again.',
    closed: 'This question is no longer open for this case; reply to our e-mail if something is still wrong.',
    invalid: 'This link is not valid. Please use the link in our most recent e-mail.',
    answeredSatisfied: (when: string) => `You have already answered: you are satisfied (${when}).`,
    answeredUnsatisfied: (when: string) => `You have already answered: you are not satisfied (${when}); your case was reopened.`,
    answeredUnsatisfiedUndated: 'You have already answered: you are not satisfied; your case was reopened.',
  },
  fr: {
    title: 'Votre dossier',
    question: 'Êtes-vous satisfait de la façon dont nous l’avons traité ?',
    satisfied: 'Oui, je suis satisfait',
    unsatisfied: 'Non, je ne suis pas satisfait',
    comment: 'Un commentaire (facultatif)',
    confirm: 'Envoyer ma réponse',
    thanks: 'Merci : votre réponse est enregistrée.',
    reopened: 'Nous en sommes désolés. Votre dossier est rouvert et un conseiller va le réexaminer.',
    closed: 'Cette question n’est plus ouverte pour ce dossier ; répondez à notre e-mail si quelque chose ne va toujours pas.',
    invalid: 'Ce lien n’est pas valable. Utilisez le lien de notre dernier e-mail.',
    answeredSatisfied: (when: string) => `Vous avez déjà répondu : vous êtes satisfait (${when}).`,
    answeredUnsatisfied: (when: string) => `Vous avez déjà répondu : vous n’êtes pas satisfait (${when}) ; votre dossier a été rouvert.`,
    answeredUnsatisfiedUndated: 'Vous avez déjà répondu : vous n’êtes pas satisfait ; votre dossier a été rouvert.',
  },
} satisfies Record<Locale, Record<string, string | ((when: string) => string)>>;

const AnswerSchema = z.object({
  token: z.string().min(1).max(100),
  satisfied: z.enum(['true', 'false']).transform((v) => v === 'true'),
  comment: z.string().trim().max(2000).optional(),
});

/** The answer the case already holds for its latest satisfaction question, if the question is no longer open. */
function answerGiven(state: CaseState): { satisfied: boolean; at: string | null } | null {
  if (state.satisfaction) return { satisfied: state.satisfaction.satisfied, at: state.satisfaction.answeredAt };
  // Only an unsatisfied answer clears the answer (the case reopens); the timeline, for people, may still say when.
  if (state.status === 'FOLLOW_UP' || state.reopenings === 0) return null;
  const entry = [...state.timeline].reverse().find((t) => t.event === 'SATISFACTION_ANSWERED');
  return { satisfied: false, at: entry?.at ?? null };
}

/**
 * What the page says of an answer already given. Its time is written as in the resolution document
 * (documents/dates.ts) and the zone named the same way ("heure d’Europe centrale", never "UTC+1").
 */
export function answeredText(locale: Locale, answer: { satisfied: boolean; at: string | null }, timeZone: string): string {
  const t = PAGE_TEXT[locale];
  if (answer.at === null) return t.answeredUnsatisfiedUndated; // a satisfied answer is always in the state, dated
  const when = `${formatDate(answer.at, locale, { withTime: true, timeZone })}, ${timeZoneName(timeZone, locale, answer.at)}`;
  return answer.satisfied ? t.answeredSatisfied(when) : t.answeredUnsatisfied(when);
}

function page(res: Response, status: number, locale: Locale, caseId: string, body: string) {
  const t = PAGE_TEXT[locale];
  res
    .status(status)
    .type('html')
    .send(`<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${t.title} ${escapeHtml(caseId)}</title></head>
<body style="font-family:sans-serif;max-width:36rem;margin:2rem auto;line-height:1.5"><h1>${t.title} ${escapeHtml(caseId)}</h1>${body}</body></html>`);
}

/**
 * The page the satisfaction e-mail's links open: `GET` shows the question with the chosen answer
 * preselected and changes nothing (mail scanners follow links); the button `POST`s, and only then,
 * with the link's signed token, is the answer given to the case. No credential: the token is one.
 */
export function createAnswerLinksRouter({ client, linkSecret, timeZone = DEFAULT_TIME_ZONE }: { client: Client; linkSecret: string; timeZone?: string }): Router {
  const router = express.Router();

  async function caseFor(req: Request): Promise<{ caseId: string; locale: Locale; answered: { satisfied: boolean; at: string | null } | null } | null> {
    const caseId = String(req.params.id);
    const token = String((req.method === 'GET' ? req.query.token : (req.body as { token?: unknown })?.token) ?? '');
    if (!CASE_ID_PATTERN.test(caseId) || !verifySatisfactionToken(linkSecret, caseId, token)) return null;
    const state = await readWithin(client, () => client.workflow.getHandle(workflowIdFor(caseId)).query(caseStateQuery)).catch(() => null);
    return { caseId, locale: state?.customer?.locale ?? 'en', answered: state ? answerGiven(state) : null };
  }

  router.get('/:id/satisfaction/answer', async (req, res) => {
    const found = await caseFor(req);
    if (!found) return page(res, 404, 'en', '', `<p>${PAGE_TEXT.en.invalid}</p><p lang="fr">${PAGE_TEXT.fr.invalid}</p>`);
    const t = PAGE_TEXT[found.locale];
    if (found.answered) return page(res, 200, found.locale, found.caseId, `<p>${answeredText(found.locale, found.answered, timeZone)}</p>`);
    const chosen = req.query.satisfied !== 'false';
    page(res, 200, found.locale, found.caseId, `<form method="post">
<p>${t.question}</p>
<input type="hidden" name="token" value="${escapeHtml(String(req.query.token))}">
<p><label><input type="radio" name="satisfied" value="true"${chosen ? ' checked' : ''}> ${t.satisfied}</label><br>
<label><input type="radio" name="satisfied" value="false"${chosen ? '' : ' checked'}> ${t.unsatisfied}</label></p>
<p><label>${t.comment}<br><textarea name="comment" rows="4" cols="50" maxlength="2000"></textarea></label></p>
<p><button type="submit">${t.confirm}</button></p></form>`);
  });

  router.post('/:id/satisfaction/answer', async (req, res) => {
    const found = await caseFor(req);
    if (!found) return page(res, 404, 'en', '', `<p>${PAGE_TEXT.en.invalid}</p><p lang="fr">${PAGE_TEXT.fr.invalid}</p>`);
    const t = PAGE_TEXT[found.locale];
    // A second click, or the other link of the same e-mail: say what was answered instead of refusing.
    if (found.answered) return page(res, 409, found.locale, found.caseId, `<p>${answeredText(found.locale, found.answered, timeZone)}</p>`);
    const parsed = AnswerSchema.safeParse(req.body);
    if (!parsed.success) return page(res, 400, found.locale, found.caseId, `<p>${t.question}</p>`);
    const { satisfied, comment } = parsed.data;
    try {
      const handle = client.workflow.getHandle(workflowIdFor(found.caseId));
      await writeWithin(client, () => handle.executeUpdate(satisfactionUpdate, { args: [{ satisfied, ...(comment ? { comment } : {}) }] }));
      page(res, 200, found.locale, found.caseId, `<p>${satisfied ? t.thanks : t.reopened}</p>`);
    } catch (err) {
      const problem = toProblem(err);
      if (problem && problem.status < 500) return page(res, 409, found.locale, found.caseId, `<p>${t.closed}</p>`);
      throw err;
    }
  });

  return router;
}
