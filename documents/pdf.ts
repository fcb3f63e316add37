import PDFDocument from 'pdfkit';
import { timeZoneName } from './dates';
import { PHRASES } from './phrases';
import type { ResolutionRecord } from './record';

const MARGIN = 56;
const BODY = 10;
const BULLET_INDENT = 16;

/** Characters beyond Latin-1 that the standard fonts' WinAnsi encoding has (€, typographic quotes and dashes, ...). */
const WIN_ANSI_EXTRAS = new Set([
  0x20ac, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x017d, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022,
  0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x017e, 0x0178,
]);

/**
 * Text the built-in Helvetica can draw: the narrow spaces French number formatting uses become
 * no-break spaces, and anything outside WinAnsi (emoji in a customer's description) becomes "?".
 */
function drawable(text: string): string {
  return Array.from(text.replace(/[\u202f\u2007\u2009]/g, '\u00a0'), (ch) => {
    const code = ch.codePointAt(0)!;
    const latin1 = (code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code <= 0xff) || code === 0x0a;
    return latin1 || WIN_ANSI_EXTRAS.has(code) ? ch : '?';
  }).join('');
}

/**
 * Renders the resolution record as a PDF: a title, the six sections, page numbers. The same record
 * gives the same bytes (the document dates come from the record and pdfkit derives the file id from
 * them), so a retried activity stores the same file.
 */
export function renderResolutionPdf(record: ResolutionRecord): Promise<Uint8Array> {
  const p = PHRASES[record.locale];
  const generated = new Date(record.generatedAt.at);
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    lang: record.locale,
    displayTitle: true,
    info: { Title: drawable(record.title), Author: 'Loop', Subject: drawable(p.subtitle), Creator: 'Loop Disputes', Producer: 'Loop Disputes', CreationDate: generated, ModDate: generated },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });

  const heading = (text: string) => doc.moveDown(1).font('Helvetica-Bold').fontSize(13).fillColor('#1a3d6d').text(drawable(text)).moveDown(0.3).fillColor('black');
  // French typography puts a space before the colon.
  const colon = record.locale === 'fr' ? '\u00a0: ' : ': ';
  const field = (label: string, value: string | null | undefined) =>
    doc.font('Helvetica-Bold').fontSize(BODY).text(drawable(`${label}${colon}`), { continued: true }).font('Helvetica').text(drawable(value ?? p.labels.none));
  const width = doc.page.width - 2 * MARGIN;
  const sentences = (lines: string[]) => {
    doc.font('Helvetica').fontSize(BODY);
    for (const line of lines) {
      // A hanging indent: wrapped lines start under the text, not under the bullet.
      const y = doc.y;
      doc.text('•', MARGIN + 4, y, { lineBreak: false });
      doc.text(drawable(line), MARGIN + BULLET_INDENT, y, { width: width - BULLET_INDENT });
      doc.x = MARGIN;
      doc.moveDown(0.15);
    }
  };

  doc.font('Helvetica-Bold').fontSize(18).text(drawable(record.title));
  doc
    .font('Helvetica')
    .fontSize(BODY)
    .fillColor('#555555')
    .text(drawable(p.subtitle))
    .text(drawable(p.generatedOn(record.generatedAt.formatted)))
    .text(drawable(p.timesIn(timeZoneName(record.timeZone, record.locale, record.generatedAt.at))))
    .fillColor('black');

  const r = record.reported;
  heading(p.sections.reported);
  field(p.labels.caseNumber, record.caseId);
  field(p.labels.reportedAt, r.at.formatted);
  field(p.labels.channel, r.channel.label);
  field(p.labels.category, r.category.label);
  field(p.labels.transaction, r.transaction.reference === r.transaction.reportedReference ? r.transaction.reference : `${r.transaction.reference} (${r.transaction.reportedReference})`);
  if (r.expectedAmount) field(p.labels.expectedAmount, r.expectedAmount.formatted);
  field(p.labels.description, r.description);

  const inv = record.investigation;
  heading(p.sections.investigation);
  if (inv.charged) field(p.labels.charged, inv.charged.formatted);
  if (inv.meant) field(p.labels.meant, inv.meant.formatted);
  sentences(inv.findings);

  heading(p.sections.liability);
  if (record.liability) {
    field(p.labels.responsible, record.liability.party.label);
    sentences([record.liability.explanation]);
  } else {
    field(p.labels.responsible, p.liabilities.UNDETERMINED);
  }

  heading(p.sections.decision);
  const d = record.decision;
  field(p.labels.action, d?.action.label ?? record.outcome.action.label);
  if (d) {
    if (d.amount) field(p.labels.amount, d.amount.formatted);
    field(p.labels.decidedBy, d.decidedByLabel);
    field(p.labels.decidedAt, d.at.formatted);
  }

  const o = record.outcome;
  heading(p.sections.outcome);
  if (o.amount) field(p.labels.amount, o.amount.formatted);
  if (o.reference) field(p.labels.reference, o.reference);
  field(p.labels.doneAt, o.at.formatted);
  sentences([o.summary]);

  heading(p.sections.options);
  sentences(record.customerOptions);

  numberPages(doc, (n, of) => drawable(`${record.caseId} — ${p.page(n, of)}`));
  doc.end();
  return done;
}

/** Writes "page n of m" at the foot of every buffered page. */
function numberPages(doc: PDFKit.PDFDocument, footer: (n: number, of: number) => string): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    // Writing inside the bottom margin would otherwise start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(8).fillColor('#555555').text(footer(i - start + 1, count), MARGIN, doc.page.height - MARGIN / 2, { width: doc.page.width - 2 * MARGIN, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.fillColor('black');
}
