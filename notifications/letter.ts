import type { Locale } from '../domain/vocabulary';

/** One part of a letter's body; the renderers turn it into plain text and HTML. */
export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'quote'; text: string }
  | { kind: 'facts'; rows: [label: string, value: string][] }
  | { kind: 'buttons'; links: { label: string; href: string }[] };

/** A customer e-mail before rendering: every string in it is plain text (HTML escaping happens once, here). */
export interface Letter {
  locale: Locale;
  subject: string;
  caseId: string;
  greeting: string;
  blocks: Block[];
  signature: string;
  /** Small print under the signature: the case number and how to write to us. */
  footer: string[];
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** French puts a space before the colon. */
const colon = (locale: Locale) => (locale === 'fr' ? ' : ' : ': ');

/** The plain-text rendering: what a text-only mail client, and a reply's quoted text, shows. */
export function letterText(letter: Letter): string {
  const parts = letter.blocks.map((b) => {
    switch (b.kind) {
      case 'paragraph':
        return b.text;
      case 'heading':
        return `${b.text}\n${'-'.repeat(b.text.length)}`;
      case 'quote':
        return b.text.split('\n').map((line) => `    ${line}`).join('\n');
      case 'facts':
        return b.rows.map(([label, value]) => `${label}${colon(letter.locale)}${value}`).join('\n');
      case 'buttons':
        return b.links.map((l) => `${l.label}${colon(letter.locale)}${l.href}`).join('\n');
    }
  });
  return [letter.greeting, ...parts, letter.signature, '-- ', ...letter.footer].join('\n\n') + '\n';
}

const styles = {
  body: 'margin:0;padding:24px;background:#f4f5f7;font-family:Helvetica,Arial,sans-serif;color:#1f2933;',
  card: 'max-width:600px;margin:0 auto;background:#ffffff;border-radius:8px;padding:28px;line-height:1.5;',
  badge: 'display:inline-block;font-size:13px;color:#52606d;border:1px solid #cbd2d9;border-radius:4px;padding:2px 8px;margin-bottom:12px;',
  quote: 'margin:12px 0;padding:10px 14px;border-left:4px solid #3e7bfa;background:#f0f4ff;white-space:pre-wrap;',
  label: 'padding:4px 16px 4px 0;color:#52606d;vertical-align:top;',
  value: 'padding:4px 0;font-weight:bold;',
  button: 'display:inline-block;margin:6px 12px 6px 0;padding:10px 18px;border-radius:6px;background:#3e7bfa;color:#ffffff;text-decoration:none;font-weight:bold;',
  footer: 'max-width:600px;margin:12px auto 0;font-size:12px;color:#7b8794;',
};

/** The HTML rendering; every piece of text goes through escapeHtml (facts are untrusted). */
export function letterHtml(letter: Letter): string {
  const e = escapeHtml;
  const blocks = letter.blocks.map((b) => {
    switch (b.kind) {
      case 'paragraph':
        return `<p>${e(b.text)}</p>`;
      case 'heading':
        return `<h3 style="margin:20px 0 4px;font-size:16px;">${e(b.text)}</h3>`;
      case 'quote':
        return `<blockquote style="${styles.quote}">${e(b.text)}</blockquote>`;
      case 'facts':
        return `<table role="presentation" style="border-collapse:collapse;margin:12px 0;">${b.rows
          .map(([label, value]) => `<tr><td style="${styles.label}">${e(label)}</td><td style="${styles.value}">${e(value)}</td></tr>`)
          .join('')}</table>`;
      case 'buttons':
        return `<p>${b.links.map((l) => `<a href="${e(l.href)}" style="${styles.button}">${e(l.label)}</a>`).join('')}</p>`;
    }
  });
  return [
    '<!DOCTYPE html>',
    `<html lang="${letter.locale}"><head><meta charset="utf-8"><title>${e(letter.subject)}</title></head>`,
    `<body style="${styles.body}">`,
    `<div style="${styles.card}">`,
    `<div style="${styles.badge}">${e(letter.caseId)}</div>`,
    `<p>${e(letter.greeting)}</p>`,
    ...blocks,
    `<p>${e(letter.signature)}</p>`,
    '</div>',
    `<div style="${styles.footer}">${letter.footer.map((line) => `<p style="margin:4px 0;">${e(line)}</p>`).join('')}</div>`,
    '</body></html>',
  ].join('\n');
}
