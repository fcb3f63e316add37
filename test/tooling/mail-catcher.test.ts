import { connect } from 'node:net';
import nodemailer from 'nodemailer';
import { startMailCatcher, type MailCatcher } from '../../tooling/mail-catcher';

const caseId = 'DSP-4N8P2R6T0W';
const PDF = Buffer.from('%PDF-1.4\n% resolution\n%%EOF\n');

describe('the local mail catcher', () => {
  let catcher: MailCatcher;
  const lines: string[] = [];
  const get = (path: string) => fetch(`${catcher.webUrl}${path}`);

  beforeAll(async () => {
    catcher = await startMailCatcher({ smtpPort: 0, webPort: 0, log: (line) => lines.push(line) });
    const transport = nodemailer.createTransport({ url: catcher.smtpUrl });
    await transport.sendMail({
      from: 'Loop support <support@loop.tech>',
      to: 'Claire Martin <claire@example.com>',
      subject: `Dossier ${caseId} – votre remboursement`,
      messageId: `<${caseId}.RESOLUTION.0123456789abcdef@loop-disputes>`,
      headers: { 'Content-Language': 'fr', 'X-Loop-Case': caseId, 'X-Loop-Notification': 'RESOLUTION' },
      text: 'Bonjour,\n\nNous vous avons remboursé 12,34 €.\nRépondre : http://localhost:3000/v1/disputes/x?satisfied=true&token=abc',
      html: '<p>Bonjour,</p><p>Nous vous avons remboursé <b>12,34 €</b>.</p><script>parent.alert(1)</script>',
      attachments: [
        { filename: `${caseId}-resolution-1.pdf`, content: PDF, contentType: 'application/pdf' },
        { filename: 'page.html', content: '<script>alert(1)</script>', contentType: 'text/html' },
      ],
    });
    await transport.sendMail({ from: 'someone@example.com', to: 'support@loop.tech', subject: 'Unrelated newer mail', text: 'hello' });
  });
  afterAll(() => catcher.close());

  it('reports the real ports it listens on when asked for port 0', () => {
    expect(catcher.smtpUrl).toMatch(/^smtp:\/\/127\.0\.0\.1:[1-9]\d*$/);
    expect(catcher.webUrl).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
    expect(lines).toContain(`Claire Martin <claire@example.com> ← Dossier ${caseId} – votre remboursement (2 attachments)`);
  });

  it('lists received mail on the inbox page, newest first, with time, recipient, subject and case number', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    const ours = html.indexOf(`Dossier ${caseId} – votre remboursement`);
    expect(ours).toBeGreaterThan(-1);
    expect(html.indexOf('Unrelated newer mail')).toBeGreaterThan(-1);
    expect(html.indexOf('Unrelated newer mail')).toBeLessThan(ours);
    expect(html).toContain('Claire Martin &lt;claire@example.com&gt;');
    expect(html).toContain(`href="/?case=${caseId}"`);
    expect(html).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
  });

  it('filters the inbox by case number', async () => {
    const html = await (await get(`/?case=${caseId}`)).text();
    expect(html).toContain(`Mail for case ${caseId}`);
    expect(html).toContain('votre remboursement');
    expect(html).not.toContain('Unrelated newer mail');
  });

  it('shows one message with its headers, text, sandboxed HTML and attachment links', async () => {
    const [ours] = catcher.messages();
    const res = await get(`/messages/${ours!.id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`&lt;${caseId}.RESOLUTION.0123456789abcdef@loop-disputes&gt;`);
    expect(html).toContain('Nous vous avons remboursé 12,34 €.');
    expect(html).toContain('<a href="http://localhost:3000/v1/disputes/x?satisfied=true&amp;token=abc"');
    // The e-mail's HTML only inside a sandboxed iframe, escaped: its script never runs in the viewer.
    expect(html).toMatch(/<iframe sandbox="[^"]*" srcdoc="[^"]*&lt;script&gt;parent\.alert\(1\)&lt;\/script&gt;/);
    expect(html).not.toContain('<script>');
    expect(html).not.toMatch(/sandbox="[^"]*allow-scripts/);
    expect(html).toContain(`href="/messages/${ours!.id}/attachments/0">${caseId}-resolution-1.pdf</a>`);
  });

  it('serves attachments for download, never as a page of its own site', async () => {
    const [ours] = catcher.messages();
    const pdf = await get(`/messages/${ours!.id}/attachments/0`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe(`inline; filename*=UTF-8''${caseId}-resolution-1.pdf`);
    expect(Buffer.from(await pdf.arrayBuffer()).equals(PDF)).toBe(true);

    const page = await get(`/messages/${ours!.id}/attachments/1`);
    expect(page.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(page.headers.get('content-security-policy')).toBe('sandbox');

    expect((await get(`/messages/${ours!.id}/attachments/2`)).status).toBe(404);
    expect((await get('/messages/999')).status).toBe(404);
  });

  it('serves the raw message as an .eml file', async () => {
    const [ours] = catcher.messages();
    const raw = await get(`/messages/${ours!.id}/raw`);
    expect(raw.headers.get('content-type')).toBe('message/rfc822');
    expect(await raw.text()).toContain(`Message-ID: <${caseId}.RESOLUTION.0123456789abcdef@loop-disputes>`);
  });

  it('lists messages as JSON for tests, newest first, filtered by case on request', async () => {
    const all = (await (await get('/api/messages')).json()) as { data: { subject: string; caseId: string | null; kind: string | null; language: string | null; attachments: { filename: string; url: string; size: number }[] }[] };
    expect(all.data.map((m) => m.subject)).toEqual(['Unrelated newer mail', `Dossier ${caseId} – votre remboursement`]);
    const ours = all.data[1]!;
    expect(ours).toMatchObject({ caseId, kind: 'RESOLUTION', language: 'fr' });
    expect(ours.attachments[0]).toEqual({ filename: `${caseId}-resolution-1.pdf`, contentType: 'application/pdf', size: PDF.length, url: expect.stringMatching(/^\/messages\/\d+\/attachments\/0$/) });
    expect(JSON.stringify(all)).not.toContain('"raw"');

    const one = (await (await get(`/api/messages?case=${caseId}`)).json()) as { data: unknown[] };
    expect(one.data).toHaveLength(1);
  });

  it('shows the Subject header decoded in the message view, whether it came quoted-printable or base64', async () => {
    const [ours] = catcher.messages();
    expect(ours!.raw.toString()).toMatch(/^Subject: =\?UTF-8\?Q\?/m);
    const quoted = await (await get(`/messages/${ours!.id}`)).text();
    expect(quoted).toContain(`<tr><th>Subject</th><td>Dossier ${caseId} – votre remboursement</td></tr>`);

    const subject = 'Réclamation reçue : où en est mon remboursement ?';
    const base64 = `=?UTF-8?B?${Buffer.from(subject).toString('base64')}?=`;
    const raw = `From: =?UTF-8?Q?Ir=C3=A8ne?= <irene@example.com>\r\nTo: support@loop.tech\r\nSubject: ${base64}\r\n\r\nBonjour\r\n`;
    const transport = nodemailer.createTransport({ url: catcher.smtpUrl });
    await transport.sendMail({ envelope: { from: 'irene@example.com', to: ['support@loop.tech'] }, raw });
    const caught = await catcher.waitFor((m) => m.subject === subject, 5000);
    const view = await (await get(`/messages/${caught.id}`)).text();
    expect(view).toContain('<tr><th>Subject</th><td>Réclamation reçue : où en est mon remboursement ?</td></tr>');
    expect(view).toContain('<tr><th>From</th><td>Irène &lt;irene@example.com&gt;</td></tr>');
    expect(view).not.toContain('=?UTF-8?');
  });

  it('waits for a message still to come, and gives up with what it caught', async () => {
    const coming = catcher.waitFor((m) => m.subject === 'Late mail', 5000);
    await nodemailer.createTransport({ url: catcher.smtpUrl }).sendMail({ from: 'a@example.com', to: 'b@example.com', subject: 'Late mail', text: 'x' });
    await expect(coming).resolves.toMatchObject({ subject: 'Late mail', envelope: { from: 'a@example.com', to: ['b@example.com'] } });
    await expect(catcher.waitFor((m) => m.subject === 'Never sent', 50)).rejects.toThrow(/no matching message within 50 ms \(caught: .*"Late mail"/);
  });

  it('goes on when a sender dies in the middle of a message (as a worker killed mid-send): nothing half-sent is kept', async () => {
    const before = catcher.messages().length;
    const { port } = new URL(catcher.smtpUrl);
    await new Promise<void>((ok, fail) => {
      const socket = connect(Number(port), '127.0.0.1');
      const script = ['EHLO dying-worker', 'MAIL FROM:<support@loop.tech>', 'RCPT TO:<claire@example.com>', 'DATA'];
      socket.on('error', fail);
      socket.on('data', (chunk: Buffer) => {
        const next = script.shift();
        if (next) return void socket.write(`${next}\r\n`);
        if (!chunk.toString().startsWith('354')) return fail(new Error(`expected 354 after DATA, got ${chunk.toString()}`));
        socket.write('Subject: half a message\r\n\r\nBonjour');
        // SIGKILL on the sender's side, once the catcher has read the first lines: the connection is reset, not closed.
        setTimeout(() => {
          socket.resetAndDestroy();
          ok();
        }, 100);
      });
    });
    await new Promise((r) => setTimeout(r, 200));
    await expect(catcher.waitFor(() => false, 10)).rejects.toThrow();
    await nodemailer.createTransport({ url: catcher.smtpUrl }).sendMail({ from: 'a@example.com', to: 'b@example.com', subject: 'After the reset', text: 'x' });
    expect(catcher.messages().slice(before).map((m) => m.subject)).toEqual(['After the reset']);
    expect(lines).toContainEqual(expect.stringMatching(/^a sender's connection ended in the middle of a message \(ECONNRESET\)/));
  });
});
