import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_MIME_NESTING, MAX_MIME_PARTS, MimeLimitExceeded, checkMimeShape, parseInboundEmail } from '../../intake/email';

const FIXTURES = join(__dirname, '..', 'fixtures', 'mail');
const mail = (body: string) => Buffer.from(`From: ada@example.com\r\nSubject: x\r\n${body}`);
const parts = (n: number) => mail(`Content-Type: multipart/mixed; boundary=b\r\n\r\n${Array.from({ length: n }, (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${i}\r\n`).join('')}--b--\r\n`);
function forwardedDeep(n: number): Buffer {
  let body = 'Content-Type: text/plain\r\n\r\nhello\r\n';
  for (let i = n; i > 0; i--) body = `Content-Type: multipart/mixed;\r\n boundary="f${i}"\r\n\r\n--f${i}\r\nContent-Type: message/rfc822\r\n\r\nFrom: x@example.com\r\n${body}--f${i}--\r\n`;
  return mail(body);
}

describe('the MIME structure an inbound e-mail may have', () => {
  test('every real e-mail we keep as a fixture is within the limits', () => {
    for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.eml'))) expect(() => checkMimeShape(readFileSync(join(FIXTURES, file)))).not.toThrow();
  });

  test(`${MAX_MIME_PARTS} parts are read; one more is refused as MAX_MIME_PARTS`, async () => {
    expect(() => checkMimeShape(parts(MAX_MIME_PARTS - 1))).not.toThrow();
    expect(() => checkMimeShape(parts(MAX_MIME_PARTS))).toThrow(MimeLimitExceeded);
    await expect(parseInboundEmail(parts(20_000))).rejects.toMatchObject({ limit: 'MAX_MIME_PARTS' });
  });

  test('forwarded messages inside multiparts count as nesting, with folded boundary headers', async () => {
    expect(() => checkMimeShape(forwardedDeep(MAX_MIME_NESTING / 2))).not.toThrow();
    await expect(parseInboundEmail(forwardedDeep(MAX_MIME_NESTING))).rejects.toMatchObject({ limit: 'MAX_MIME_NESTING' });
  });
});
