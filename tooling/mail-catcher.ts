import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One attachment of a caught message. */
export interface CaughtAttachment {
  filename: string;
  contentType: string;
  size: number;
  content: Buffer;
}

/** One e-mail the catcher received, parsed. */
export interface CaughtMessage {
  /** The catcher's own id (a counter), used in the viewer's URLs. */
  id: string;
  receivedAt: string;
  /** The SMTP envelope: who the client said it sends from and to (MAIL FROM / RCPT TO). */
  envelope: { from: string | null; to: string[] };
  messageId: string | null;
  from: string;
  to: string;
  subject: string;
  /** The case number the message is about (X-Loop-Case header, else the first in the subject or Message-ID). */
  caseId: string | null;
  /** The notification kind (X-Loop-Notification header), when we sent it. */
  kind: string | null;
  language: string | null;
  /** Every header as written, in order (folded lines joined). */
  headers: [name: string, value: string][];
  text: string;
  html: string | null;
  attachments: CaughtAttachment[];
  /** The message as received (RFC 822), e.g. to save as an .eml fixture. */
  raw: Buffer;
}

export interface MailCatcherOptions {
  /** 0 picks a free port. @default 1025 */
  smtpPort?: number;
  /** 0 picks a free port. @default 8025 */
  webPort?: number;
  /** @default 127.0.0.1 (loopback only: there is no authentication) */
  host?: string;
  log?: (line: string) => void;
}

export interface MailCatcher {
  smtpUrl: string;
  webUrl: string;
  /** The messages kept (the last 500), oldest first. */
  messages(): CaughtMessage[];
  /** The first message, already caught or still to come, that matches; rejects after `timeoutMs`. */
  waitFor(predicate: (m: CaughtMessage) => boolean, timeoutMs: number): Promise<CaughtMessage>;
  close(): Promise<void>;
}

const KEEP = 500;
const CASE_NUMBER = /DSP-[0-9A-HJKMNP-TV-Z]{10}/;

/** Addresses as a person reads them: `Name <address>`, or the address alone. */
function addresses(a: AddressObject | AddressObject[] | undefined): string {
  const all = (a === undefined ? [] : Array.isArray(a) ? a : [a]).flatMap((o) => o.value).flatMap((v) => v.group ?? [v]);
  return all.map((v) => (v.name ? `${v.name} <${v.address ?? ''}>` : (v.address ?? ''))).join(', ');
}

async function parse(id: string, raw: Buffer, envelope: CaughtMessage['envelope']): Promise<CaughtMessage> {
  const mail = await simpleParser(raw);
  const headers = mail.headerLines.map(({ line }): [string, string] => {
    const at = line.indexOf(':');
    return [line.slice(0, at).trim(), line.slice(at + 1).replace(/\r?\n[ \t]+/g, ' ').trim()];
  });
  const header = (name: string) => headers.find(([n]) => n.toLowerCase() === name)?.[1] ?? null;
  const subject = mail.subject ?? '';
  return {
    id,
    receivedAt: new Date().toISOString(),
    envelope,
    messageId: mail.messageId ?? null,
    from: addresses(mail.from),
    to: addresses(mail.to),
    subject,
    caseId: header('x-loop-case') ?? subject.match(CASE_NUMBER)?.[0] ?? mail.messageId?.match(CASE_NUMBER)?.[0] ?? null,
    kind: header('x-loop-notification'),
    language: header('content-language'),
    headers,
    text: mail.text ?? '',
    html: typeof mail.html === 'string' ? mail.html : null,
    attachments: mail.attachments.map((a, n) => ({ filename: a.filename ?? `attachment-${n + 1}`, contentType: a.contentType, size: a.size, content: a.content })),
    raw,
  };
}

// ---- the web viewer -------------------------------------------------------------------------

const e = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const linkify = (text: string) => e(text).replace(/https?:\/\/[^\s<>"']+/g, (url) => `<a href="${url}" target="_blank" rel="noopener">${url}</a>`);
const time = (iso: string) => iso.replace('T', ' ').slice(0, 19);
const kb = (n: number) => `${Math.max(1, Math.round(n / 1024))} KB`;

const CSS = `body{font-family:system-ui,sans-serif;margin:24px;color:#1f2933}table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:6px 10px;border-bottom:1px solid #e4e7eb;vertical-align:top}th{background:#f5f7fa}
a{color:#2463eb}.muted{color:#7b8794}pre{white-space:pre-wrap;background:#f5f7fa;padding:12px;border-radius:6px}
iframe{width:100%;height:640px;border:1px solid #cbd2d9;border-radius:6px}.tag{font-size:12px;border:1px solid #cbd2d9;border-radius:4px;padding:1px 6px}`;

function page(title: string, body: string, refresh = false): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${e(title)}</title>${refresh ? '<meta http-equiv="refresh" content="10">' : ''}<style>${CSS}</style></head><body>${body}</body></html>`;
}

function inboxPage(all: CaughtMessage[], smtpUrl: string, caseId: string | null): string {
  const shown = all.filter((m) => !caseId || m.caseId === caseId).reverse();
  const rows = shown.map(
    (m) => `<tr><td class="muted">${e(time(m.receivedAt))}</td><td>${e(m.to)}</td><td><a href="/messages/${m.id}">${e(m.subject || '(no subject)')}</a>${m.attachments.length ? ` <span class="tag">📎 ${m.attachments.length}</span>` : ''}</td>
<td>${m.caseId ? `<a href="/?case=${encodeURIComponent(m.caseId)}">${e(m.caseId)}</a>` : ''}</td><td>${e(m.kind ?? '')}</td><td>${e(m.language ?? '')}</td></tr>`,
  );
  const title = caseId ? `Mail for case ${caseId}` : 'Mail catcher';
  return page(
    title,
    `<h1>${e(title)}</h1><p class="muted">Every e-mail sent to ${e(smtpUrl)} lands here and goes no further (newest first, the last ${KEEP} kept; the page refreshes every 10 s).${caseId ? ' <a href="/">Show all mail</a>' : ''}</p>
<table><thead><tr><th>Received (UTC)</th><th>To</th><th>Subject</th><th>Case</th><th>Kind</th><th>Lang</th></tr></thead><tbody>${rows.join('') || '<tr><td colspan="6" class="muted">No mail yet.</td></tr>'}</tbody></table>`,
    true,
  );
}

function messagePage(m: CaughtMessage): string {
  // The headers as written, except those a person cannot read encoded (RFC 2047 words): mailparser's decoded values.
  const decoded: Record<string, string> = { subject: m.subject, from: m.from, to: m.to };
  const headers = m.headers.map(([n, v]) => `<tr><th>${e(n)}</th><td>${e(decoded[n.toLowerCase()] ?? v)}</td></tr>`).join('');
  const attachments = m.attachments
    .map((a, n) => `<li><a href="/messages/${m.id}/attachments/${n}">${e(a.filename)}</a> <span class="muted">${e(a.contentType)}, ${kb(a.size)}</span></li>`)
    .join('');
  // The HTML body runs in a sandbox with no scripts and no access to this page; its links open in a new tab.
  const html = m.html === null ? '' : `<h2>HTML</h2><iframe sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${e(`<base target="_blank">${m.html}`)}"></iframe>`;
  return page(
    m.subject,
    `<p><a href="/">← Inbox</a>${m.caseId ? ` · <a href="/?case=${encodeURIComponent(m.caseId)}">All mail for ${e(m.caseId)}</a>` : ''} · <a href="/messages/${m.id}/raw">Download .eml</a></p>
<h1>${e(m.subject || '(no subject)')}</h1><table>${headers}</table>
${attachments ? `<h2>Attachments</h2><ul>${attachments}</ul>` : ''}
<h2>Text</h2><pre>${linkify(m.text)}</pre>${html}`,
  );
}

/** Shown by the browser when they are safe to show; anything else is downloaded. Never run as this site's page. */
const INLINE = /^(application\/pdf|application\/json|text\/plain|image\/(png|jpeg|gif))$/;

function serveWeb(req: IncomingMessage, res: ServerResponse, all: () => CaughtMessage[], smtpUrl: string): void {
  const url = new URL(req.url ?? '/', 'http://catcher');
  const send = (status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': type, 'x-content-type-options': 'nosniff', ...headers });
    res.end(body);
  };
  const json = (body: unknown) => send(200, 'application/json; charset=utf-8', JSON.stringify(body, null, 2));
  const summary = (m: CaughtMessage) => ({
    ...m,
    raw: undefined,
    attachments: m.attachments.map((a, n) => ({ filename: a.filename, contentType: a.contentType, size: a.size, url: `/messages/${m.id}/attachments/${n}` })),
  });
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'only GET');
  const caseFilter = url.searchParams.get('case');
  if (url.pathname === '/') return send(200, 'text/html; charset=utf-8', inboxPage(all(), smtpUrl, caseFilter));
  if (url.pathname === '/api/messages') return json({ data: all().filter((m) => !caseFilter || m.caseId === caseFilter).reverse().map(summary) });
  const route = url.pathname.match(/^\/(api\/)?messages\/(\d+)(?:\/(raw|attachments\/(\d+)))?$/);
  const m = route ? all().find((x) => x.id === route[2]) : undefined;
  if (!route || !m) return send(404, 'text/plain', 'no such message (the catcher keeps the last 500, in memory)');
  if (route[1]) return route[3] ? send(404, 'text/plain', 'not found') : json(summary(m));
  if (route[3] === 'raw') return send(200, 'message/rfc822', m.raw, { 'content-disposition': `attachment; filename="message-${m.id}.eml"` });
  if (route[4] !== undefined) {
    const a = m.attachments[Number(route[4])];
    if (!a) return send(404, 'text/plain', 'no such attachment');
    const disposition = INLINE.test(a.contentType) ? 'inline' : 'attachment';
    return send(200, a.contentType, a.content, {
      'content-disposition': `${disposition}; filename*=UTF-8''${encodeURIComponent(a.filename)}`,
      'content-security-policy': 'sandbox',
    });
  }
  return send(200, 'text/html; charset=utf-8', messagePage(m));
}

function listening(server: Server | import('node:net').Server, port: number, host: string): Promise<number> {
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      ok((server.address() as AddressInfo).port);
    });
  });
}

/**
 * A local SMTP server that keeps every message it receives (no auth, no TLS, loopback only) and a
 * small web page to read them: `GET /` the inbox, `GET /messages/:id` one message, its attachments
 * and raw source, `GET /api/messages` the same as JSON. Nothing is relayed anywhere.
 */
export async function startMailCatcher(opts: MailCatcherOptions = {}): Promise<MailCatcher> {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? (() => undefined);
  const caught: CaughtMessage[] = [];
  const arrivals = new EventEmitter();
  let counter = 0;

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    size: 25 * 1024 * 1024,
    closeTimeout: 1000,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (stream.sizeExceeded) return done(Object.assign(new Error('message too large'), { responseCode: 552 }));
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : null;
        const envelope = { from, to: session.envelope.rcptTo.map((r) => r.address) };
        parse(String(++counter), Buffer.concat(chunks), envelope).then(
          (m) => {
            caught.push(m);
            if (caught.length > KEEP) caught.shift();
            log(`${m.to} ← ${m.subject}${m.attachments.length ? ` (${m.attachments.length} attachments)` : ''}`);
            arrivals.emit('message', m);
            done();
          },
          (err: Error) => done(err),
        );
      });
    },
  });

  // A sender that dies in the middle of a message (a worker killed mid-send) resets its connection:
  // smtp-server reports that as an 'error' event, which would end this process if nobody listened.
  smtp.on('error', (err: Error & { code?: string }) => log(`a sender's connection ended in the middle of a message (${err.code ?? err.message}); nothing was kept from it`));
  const smtpPort = await listening(smtp.server, opts.smtpPort ?? 1025, host);
  const smtpUrl = `smtp://${host}:${smtpPort}`;
  const web = createServer((req, res) => serveWeb(req, res, () => [...caught], smtpUrl));
  let webPort: number;
  try {
    webPort = await listening(web, opts.webPort ?? 8025, host);
  } catch (err) {
    await new Promise<void>((r) => smtp.close(() => r()));
    throw err;
  }

  return {
    smtpUrl,
    webUrl: `http://${host}:${webPort}`,
    messages: () => [...caught],
    waitFor(predicate, timeoutMs) {
      const found = caught.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((ok, fail) => {
        const onMessage = (m: CaughtMessage) => {
          if (!predicate(m)) return;
          clearTimeout(timer);
          arrivals.off('message', onMessage);
          ok(m);
        };
        const timer = setTimeout(() => {
          arrivals.off('message', onMessage);
          const seen = caught.map((m) => `"${m.subject}" to ${m.to}`).join('; ') || 'none';
          fail(new Error(`no matching message within ${timeoutMs} ms (caught: ${seen})`));
        }, timeoutMs);
        arrivals.on('message', onMessage);
      });
    },
    async close() {
      web.closeAllConnections();
      await Promise.all([new Promise<void>((r) => web.close(() => r())), new Promise<void>((r) => smtp.close(() => r()))]);
    },
  };
}
