import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InboundParseJsonSchema, parseInboundEmail } from '../../intake/email';

const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures/mail', name));
const fromJson = (body: unknown) => parseInboundEmail(InboundParseJsonSchema.parse(body));

describe('reading a raw RFC 822 e-mail', () => {
  test('a plain English mail gives its sender, subject, text, ids, language and date', async () => {
    const email = await parseInboundEmail(fixture('plain-en-stripe.eml'));
    expect(email).toMatchObject({
      messageId: '<CAF8mZ2x1.plain.0001@mail.example.com>',
      from: { address: 'ada@example.com', name: 'Ada Lovelace' },
      subject: 'Charged twice for my order',
      inReplyTo: [],
      references: [],
      contentLanguage: 'en-GB',
      date: '2025-03-04T09:12:40.000Z',
      attachments: [],
    });
    expect(email.text).toContain('The payment reference on my receipt is\npi_3MtwBwLkdIwHu7ix28a3tqPa.');
  });

  test('an HTML-only mail comes out as readable text, without markup, styles or scripts', async () => {
    const { text } = await parseInboundEmail(fixture('html-only.eml'));
    expect(text).toContain('Hello Loop team,');
    expect(text).toContain('I was overcharged for order n° A-55120: my card was debited');
    // mailparser wraps text made from HTML at 80 columns.
    expect(text.replace(/\s+/g, ' ')).toContain('EUR 1 234,50 instead of the €980.00 the shop showed.');
    expect(text).toMatch(/\* Card ending 4242\n \* Paid on 4 March/);
    expect(text).not.toMatch(/<\/?[a-z]+|color:|alert\(/);
  });

  test('French accents survive ISO-8859-1 quoted-printable, with the encoded subject and sender name', async () => {
    const email = await parseInboundEmail(fixture('french-iso-8859-1-qp.eml'));
    expect(email.subject).toBe('Débité deux fois pour la même commande');
    expect(email.from).toEqual({ address: 'zoe@example.fr', name: 'Zoé Ça' });
    // The quoted-printable soft line break inside "prélèvements" is joined again.
    expect(email.text).toContain("J'ai été débité deux fois pour ma commande n° 48213 : deux prélèvements de\n1 234,50 EUR");
    expect(email.text).toContain('Cordialement,\nZoé Ça');
  });

  test('the euro sign and accents survive ISO-8859-15 quoted-printable', async () => {
    const email = await parseInboundEmail(fixture('french-euro-latin9-qp.eml'));
    expect(email.subject).toBe('Remboursement pas reçu');
    expect(email.text).toContain("Je n'ai toujours pas reçu le remboursement de 12,34 € promis");
    expect(email.text).toContain('Pouvez-vous vérifier ?');
  });

  test('attachments are kept as name, type and size only, never their content', async () => {
    const email = await parseInboundEmail(fixture('attachment.eml'));
    expect(email.attachments).toEqual([
      { filename: 'statement.pdf', contentType: 'application/pdf', size: 1385 },
      { filename: 'screenshot.png', contentType: 'image/png', size: 69 },
    ]);
    expect(email.text).toContain('PayPal transaction 8MC585209K746392H');
    const kept = JSON.stringify(email);
    expect(kept).not.toContain('iVBORw0KGgo'); // the PNG, base64
    expect(kept).not.toContain('%PDF');
    expect(kept).not.toContain('JVBERi0'); // the PDF, base64
  });

  test('a reply gives the message ids it answers, from In-Reply-To and References', async () => {
    const email = await parseInboundEmail(fixture('reply-thread.eml'));
    expect(email.inReplyTo).toEqual(['<DSP-37SBDBEFE5.acknowledgement.1@notifications.loop.tech>']);
    expect(email.references).toEqual(['<CAF8mZ2x1.plain.0001@mail.example.com>', '<DSP-37SBDBEFE5.acknowledgement.1@notifications.loop.tech>']);
    expect(email.text).toContain('> We received your report');
  });

  test('a message without a From header or a body still parses, with nulls and empty text', async () => {
    const email = await parseInboundEmail(Buffer.from('Subject: hi\r\n\r\n'));
    expect(email).toMatchObject({ from: null, messageId: null, subject: 'hi', text: '', date: null });
  });
});

describe('reading an inbound-parse JSON', () => {
  const sendGridHeaders = [
    'Received: by mx0047p1mdw1.sendgrid.net with SMTP id 6WCVv7KAWn Wed, 12 Mar 2025 18:20:01 +0000 (UTC)',
    'From: Ada Lovelace <ada@example.com>',
    'Subject: Re: Your dispute DSP-37SBDBEFE5 has been received',
    'Message-ID: <CAF8mZ2x1.reply.0002@mail.example.com>',
    'In-Reply-To: <DSP-37SBDBEFE5.acknowledgement.1@notifications.loop.tech>',
    'References: <CAF8mZ2x1.plain.0001@mail.example.com>',
    ' <DSP-37SBDBEFE5.acknowledgement.1@notifications.loop.tech>',
    'Content-Language: fr',
    'Content-Type: multipart/alternative; boundary="000000000000abc"',
  ].join('\n');

  test("SendGrid's fields (raw header text) give the same facts as the raw message would", async () => {
    const email = await fromJson({
      headers: sendGridHeaders,
      from: 'Ada Lovelace <ada@example.com>',
      to: 'support@loop.tech',
      subject: 'Re: Your dispute DSP-37SBDBEFE5 has been received',
      text: 'Voici la capture.\n',
      charsets: '{"to":"UTF-8","subject":"UTF-8","from":"UTF-8","text":"UTF-8"}',
      SPF: 'pass',
      envelope: '{"to":["support@loop.tech"],"from":"ada@example.com"}',
      attachments: '0',
    });
    expect(email).toEqual({
      messageId: '<CAF8mZ2x1.reply.0002@mail.example.com>',
      from: { address: 'ada@example.com', name: 'Ada Lovelace' },
      subject: 'Re: Your dispute DSP-37SBDBEFE5 has been received',
      text: 'Voici la capture.',
      inReplyTo: ['<DSP-37SBDBEFE5.acknowledgement.1@notifications.loop.tech>'],
      references: ['<CAF8mZ2x1.plain.0001@mail.example.com>', '<DSP-37SBDBEFE5.acknowledgement.1@notifications.loop.tech>'],
      contentLanguage: 'fr',
      date: null,
      attachments: [],
    });
  });

  test('HTML without text is turned into readable text, as for a raw message', async () => {
    const email = await fromJson({ from: 'grace@example.org', subject: 'Wrong amount', html: '<p>Charged <b>EUR 1 234,50</b></p><ul><li>order A-55120</li></ul><script>x()</script>' });
    expect(email.text).toBe('Charged EUR 1 234,50\n\n * order A-55120');
  });

  test('headers may come as an object, and a line break inside a value cannot add a header', async () => {
    const email = await fromJson({
      from: 'bob@example.net',
      text: 'hello',
      headers: { 'Message-ID': '<obj-1@example.net>', 'In-Reply-To': '<DSP-37SBDBEFE5.x@loop.tech>', 'X-Note': 'a\r\nContent-Language: fr' },
    });
    expect(email).toMatchObject({ messageId: '<obj-1@example.net>', inReplyTo: ['<DSP-37SBDBEFE5.x@loop.tech>'], contentLanguage: null, subject: '' });
  });

  test('a body after the header block of raw header text is ignored', async () => {
    const email = await fromJson({ from: 'bob@example.net', text: 'mine', headers: 'Message-ID: <a@b>\n\nContent-Language: fr' });
    expect(email).toMatchObject({ messageId: '<a@b>', contentLanguage: null, text: 'mine' });
  });

  test('attachment facts sent by a relay are kept; their size must be a whole number', async () => {
    const email = await fromJson({ from: 'bob@example.net', text: 'see attached', attachments: [{ filename: 'receipt.pdf', contentType: 'application/pdf', size: 2048 }] });
    expect(email.attachments).toEqual([{ filename: 'receipt.pdf', contentType: 'application/pdf', size: 2048 }]);
    expect(InboundParseJsonSchema.safeParse({ attachments: [{ contentType: 'application/pdf', size: 1.5 }] }).success).toBe(false);
  });

  test.each([
    ['a header name with a colon', { headers: { 'Bad:Name': 'x' } }],
    ['a subject that is not text', { subject: 42 }],
    ['headers that are a number', { headers: 7 }],
  ])('the schema refuses %s', (_what, body) => {
    expect(InboundParseJsonSchema.safeParse(body).success).toBe(false);
  });
});
