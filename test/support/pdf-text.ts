import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
// pdf-parse (pdf.js) cannot load inside jest's VM, so a plain `node` reads the PDF from stdin.
const EXTRACT = `
const { PDFParse } = require('pdf-parse');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  try {
    const info = await parser.getInfo();
    const text = await parser.getText({ pageJoiner: '' });
    process.stdout.write(JSON.stringify({ text: text.text, pages: info.total, title: info.info?.Title ?? null }));
  } finally {
    await parser.destroy();
  }
});
`;

/** What a PDF reader sees in a document: its text (spaces of every kind as plain spaces), page count and title. */
export interface PdfText {
  text: string;
  pages: number;
  title: string | null;
}

/** Extracts a PDF's text with pdf-parse in a child `node` process. */
export function pdfText(pdf: Uint8Array): Promise<PdfText> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', EXTRACT], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`pdf-parse failed (exit ${code}): ${err}`));
      const parsed = JSON.parse(out) as PdfText;
      resolve({ ...parsed, text: plainSpaces(parsed.text) });
    });
    child.stdin.end(Buffer.from(pdf));
  });
}

/** Every run of white space (line breaks, no-break and narrow no-break spaces) as one plain space. */
export function plainSpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
