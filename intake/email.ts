import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { z } from 'zod';

/**
 * Inbound e-mail in our vocabulary: the facts intake needs, as plain JSON. Attachments are kept
 * only as name/type/size facts; their content is never kept.
 */
export interface InboundEmail {
  /** The Message-ID as written, with its angle brackets (`<id@host>`), or null when the mail has none. */
  messageId: string | null;
  from: { address: string; name: string | null } | null;
  subject: string;
  /** Plain text of the body; for HTML-only mail, text extracted from the HTML. */
  text: string;
  /** Message ids of In-Reply-To, then References, each with angle brackets. */
  inReplyTo: string[];
  references: string[];
  /** The Content-Language header as sent (e.g. `fr-FR`), or null. */
  contentLanguage: string | null;
  /** The Date header as ISO 8601, or null when absent or unreadable. */
  date: string | null;
  attachments: AttachmentFacts[];
}

export interface AttachmentFacts {
  filename: string | null;
  contentType: string;
  size: number;
}

/** The most MIME parts an inbound e-mail may have: real mail with many attachments stays well under it. */
export const MAX_MIME_PARTS = 200;
/** The deepest multiparts (and forwarded messages) may nest: mixed > alternative > related is three. */
export const MAX_MIME_NESTING = 16;
/**
 * The most one header block (the message's, or a part's) may weigh, each line at least 64 bytes:
 * mailparser's own limit, passed to it explicitly so a huge Subject is refused by us, with its own
 * reason, rather than by mailparser with the same error code as too many parts.
 */
export const MAX_MIME_HEADER_BYTES = 1024 * 1024;
/** What mailparser counts a short header line as (it bounds the cost of very many tiny lines). */
const HEADER_LINE_MIN_COST = 64;

/** An e-mail over MAX_MIME_PARTS or MAX_MIME_NESTING; the API answers 413 naming the limit. */
export class MimeLimitExceeded extends Error {
  readonly type = 'mime.limit.exceeded';
  constructor(
    readonly limit: 'MAX_MIME_PARTS' | 'MAX_MIME_NESTING' | 'MAX_MIME_HEADER_BYTES',
    readonly reason: string,
  ) {
    super(`the e-mail ${reason}`);
  }
}

const tooManyParts = () => new MimeLimitExceeded('MAX_MIME_PARTS', `has more than ${MAX_MIME_PARTS} MIME parts`);
const headerTooLarge = () =>
  new MimeLimitExceeded('MAX_MIME_HEADER_BYTES', `has a header block larger than ${MAX_MIME_HEADER_BYTES / 1024 / 1024} MB`);
const tooDeep = () => new MimeLimitExceeded('MAX_MIME_NESTING', `nests multiparts more than ${MAX_MIME_NESTING} deep`);

const BOUNDARY = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i;

/**
 * Counts a raw message's MIME parts and nesting in one pass over its lines, before mailparser
 * builds its tree: throws MimeLimitExceeded past MAX_MIME_PARTS parts or MAX_MIME_NESTING levels.
 * It reads only headers' Content-Type and boundary lines, so it may overcount, never undercount.
 */
export function checkMimeShape(raw: Buffer): void {
  const lines = raw.toString('latin1').split(/\r?\n/);
  const open: string[] = [];
  let parts = 1;
  let inHeaders = true;
  let contentType = '';
  let inContentType = false;
  let headerCost = 0;
  for (const line of lines) {
    if (inHeaders) {
      // As mailparser weighs it (line ending included), so its header limit is never what refuses the message.
      if (line !== '') headerCost += Math.max(line.length + 2, HEADER_LINE_MIN_COST);
      if (headerCost > MAX_MIME_HEADER_BYTES) throw headerTooLarge();
      if (/^[ \t]/.test(line)) {
        if (inContentType) contentType += line;
      } else if (line.trim() !== '') {
        inContentType = /^content-type\s*:/i.test(line);
        if (inContentType) contentType = line;
      } else {
        inHeaders = false;
        inContentType = false;
        headerCost = 0;
        const boundary = /^content-type\s*:\s*multipart\//i.test(contentType) ? BOUNDARY.exec(contentType) : null;
        const forwarded = /^content-type\s*:\s*message\/rfc822/i.test(contentType);
        if (boundary) open.push(boundary[1] ?? boundary[2]!);
        if (forwarded) open.push('');
        if (open.length > MAX_MIME_NESTING) throw tooDeep();
        // A forwarded message's own headers follow its part's headers.
        if (forwarded) inHeaders = true;
        contentType = '';
      }
      continue;
    }
    if (!line.startsWith('--') || open.length === 0) continue;
    const delimiter = line.trimEnd().slice(2);
    const closing = delimiter.endsWith('--');
    const at = open.lastIndexOf(closing ? delimiter.slice(0, -2) : delimiter);
    if (at < 0 || open[at] === '') continue;
    open.length = closing ? at : at + 1;
    if (closing) continue;
    parts++;
    if (parts > MAX_MIME_PARTS) throw tooManyParts();
    inHeaders = true;
    headerCost = 0;
  }
}

/** RFC 5322 header field name: printable ASCII except the colon. */
const HEADER_NAME = /^[\x21-\x39\x3b-\x7e]+$/;

/**
 * The JSON an inbound-parse webhook (or a relay in front of one) posts. Accepted shapes: the generic
 * one below, which is also SendGrid Inbound Parse's fields sent as JSON (`headers` as the raw
 * header text; its other fields such as `envelope`, `charsets`, `dkim`, `SPF`, `spam_score` and
 * the `attachments` count are ignored), or `headers` as an object of name → value(s).
 */
export const InboundParseJsonSchema = z.object({
  from: z.string().trim().min(1).max(2000).optional(),
  to: z.string().max(10_000).optional(),
  subject: z.string().max(2000).optional(),
  text: z.string().max(2_000_000).optional(),
  html: z.string().max(2_000_000).optional(),
  headers: z
    .union([
      z.string().max(200_000),
      z.record(z.string().regex(HEADER_NAME, 'must be header names'), z.union([z.string().max(20_000), z.array(z.string().max(20_000)).max(100)])),
    ])
    .optional(),
  /** Facts about attachments, when the relay sends them; a bare count (SendGrid) is ignored. */
  attachments: z
    .union([
      z.array(z.object({ filename: z.string().max(1000).nullish(), contentType: z.string().max(255), size: z.number().int().nonnegative() })).max(100),
      z.union([z.number(), z.string()]).transform(() => undefined),
    ])
    .optional(),
});
export type InboundParseJson = z.output<typeof InboundParseJsonSchema>;

function messageIds(value: string | string[] | undefined): string[] {
  const all = Array.isArray(value) ? value.join(' ') : (value ?? '');
  return all.match(/<[^<>\s]+>/g) ?? [];
}

function firstAddress(from: AddressObject | AddressObject[] | undefined): InboundEmail['from'] {
  const list = Array.isArray(from) ? from : from ? [from] : [];
  for (const group of list) {
    const found = group.value.find((a) => a.address);
    if (found?.address) return { address: found.address.toLowerCase(), name: found.name || null };
  }
  return null;
}

function headerText(parsed: ParsedMail, name: string): string | null {
  const value = parsed.headers.get(name);
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

function fromParsed(parsed: ParsedMail): InboundEmail {
  return {
    messageId: messageIds(parsed.messageId)[0] ?? null,
    from: firstAddress(parsed.from),
    subject: (parsed.subject ?? '').trim(),
    text: (parsed.text ?? '').trim(),
    inReplyTo: messageIds(parsed.inReplyTo),
    references: messageIds(parsed.references),
    contentLanguage: headerText(parsed, 'content-language'),
    date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date.toISOString() : null,
    attachments: parsed.attachments.map((a) => ({ filename: a.filename ?? null, contentType: a.contentType, size: a.size })),
  };
}

/** Only the header block of raw header text (a relay may append a body after the blank line). */
function headerBlock(raw: string): string {
  return raw.replace(/\r?\n/g, '\r\n').split(/\r\n\r\n/)[0]!.trim();
}

/** Header lines from the JSON's headers, without those the JSON's own fields or our body part replace. */
function headerLines(headers: InboundParseJson['headers'], replaced: Set<string>): string[] {
  if (headers === undefined) return [];
  const lines =
    typeof headers === 'string'
      ? headerBlock(headers).split(/\r\n(?![ \t])/)
      : Object.entries(headers).flatMap(([name, v]) => (Array.isArray(v) ? v : [v]).map((value) => `${name}: ${value.replace(/[\r\n]+/g, ' ')}`));
  return lines.filter((line) => line.includes(':') && !replaced.has(line.slice(0, line.indexOf(':')).trim().toLowerCase()));
}

/** Text from HTML the way mailparser derives it for HTML-only mail (links kept, scripts and styles dropped). */
async function htmlToText(html: string): Promise<string> {
  const part = `Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(html).toString('base64')}`;
  return (await simpleParser(Buffer.from(part))).text ?? '';
}

async function fromJson(json: InboundParseJson): Promise<InboundEmail> {
  const replaced = new Set(['content-type', 'content-transfer-encoding', 'mime-version', ...(json.from ? ['from'] : []), ...(json.subject !== undefined ? ['subject'] : [])]);
  const lines = [...headerLines(json.headers, replaced), ...(json.from ? [`From: ${json.from.replace(/[\r\n]+/g, ' ')}`] : [])];
  // mailparser reads the header block as it reads a whole message: encoded words, folded lines, address lists.
  const parsed = await simpleParser(Buffer.from(`${lines.join('\r\n')}\r\n\r\n`));
  const email = fromParsed(parsed);
  const text = json.text?.trim() ? json.text : json.html ? await htmlToText(json.html) : '';
  return {
    ...email,
    subject: json.subject !== undefined ? json.subject.trim() : email.subject,
    text: text.replace(/\r\n/g, '\n').trim(),
    attachments: (json.attachments ?? []).map((a) => ({ filename: a.filename ?? null, contentType: a.contentType, size: a.size })),
  };
}

/**
 * Reads an inbound e-mail: a raw RFC 822 message (mailparser decodes charsets, quoted-printable,
 * base64 and HTML-only bodies) or an inbound-parse JSON already validated by InboundParseJsonSchema.
 */
export async function parseInboundEmail(input: Buffer | InboundParseJson): Promise<InboundEmail> {
  if (!Buffer.isBuffer(input)) return fromJson(input);
  checkMimeShape(input);
  // mailsplit's own node limit backs ours up (its default is 1000).
  const options = { skipTextToHtml: true, skipImageLinks: true, maxChildNodes: MAX_MIME_PARTS * 2, maxHeadSize: MAX_MIME_HEADER_BYTES };
  const parsed = await simpleParser(input, options).catch((err: unknown) => {
    if ((err as { code?: unknown })?.code === 'EMAXLEN') throw tooManyParts();
    throw err;
  });
  const email = fromParsed(parsed);
  // Some senders put the only text part in an HTML alternative mailparser did not turn into text.
  if (!email.text && typeof parsed.html === 'string') return { ...email, text: (await htmlToText(parsed.html)).trim() };
  return email;
}
