import { RawSmtpClient, sendMail } from '../test/raw-smtp';
import { parseMail, startSmtpServer, type TestSmtpServer } from './smtp';

const MAIL = [
  'From: Bürgeramt <noreply@example.org>',
  'To: anna@example.org',
  'Subject: Ihr Termin',
  ' am Montag',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Hallo Anna,',
  '.a line that starts with a dot',
  'bis bald',
].join('\r\n');

describe('startSmtpServer', () => {
  let smtp: TestSmtpServer;

  beforeEach(async () => {
    smtp = await startSmtpServer();
  });

  afterEach(async () => {
    await smtp.stop();
  });

  it('receives a mail with envelope, headers and body', async () => {
    expect(smtp.url).toBe(`smtp://127.0.0.1:${smtp.port}`);
    const result = await sendMail(smtp.port, {
      from: 'noreply@example.org',
      to: ['anna@example.org', 'bob@example.org'],
      data: MAIL,
    });
    expect(result).toEqual({ greeting: 220, rcpt: [250, 250], data: 250, accepted: true });

    const mail = await smtp.waitFor((m) => m.to.includes('anna@example.org'), 2000);
    expect(mail.from).toBe('noreply@example.org');
    expect(mail.to).toEqual(['anna@example.org', 'bob@example.org']);
    expect(mail.subject).toBe('Ihr Termin am Montag');
    expect(mail.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(mail.body).toContain('Hallo Anna,');
    expect(mail.body).toContain('\n.a line that starts with a dot');
    expect(smtp.messages).toHaveLength(1);
  });

  it('waitFor resolves on a mail that arrives later and times out otherwise', async () => {
    const waiting = smtp.waitFor((m) => m.subject.startsWith('Ihr Termin'), 5000);
    await sendMail(smtp.port, { from: 'a@example.org', to: ['b@example.org'], data: MAIL });
    await expect(waiting).resolves.toMatchObject({ to: ['b@example.org'] });
    await expect(smtp.waitFor((m) => m.subject === 'never', 100)).rejects.toThrow(/no matching mail/);
  });

  it('answers 451 while failing temporarily at RCPT and accepts again when healed', async () => {
    smtp.setFailure('temporary');
    const refused = await sendMail(smtp.port, { from: 'a@example.org', to: ['b@example.org'], data: MAIL });
    expect(refused).toMatchObject({ rcpt: [451], accepted: false });
    expect(smtp.rejections).toMatchObject([{ stage: 'rcpt', code: 451, recipients: ['b@example.org'] }]);
    expect(smtp.messages).toHaveLength(0);

    smtp.setFailure('none');
    const accepted = await sendMail(smtp.port, { from: 'a@example.org', to: ['b@example.org'], data: MAIL });
    expect(accepted.accepted).toBe(true);
    expect(smtp.messages).toHaveLength(1);
  });

  it('refuses permanently at RCPT (550) or DATA (554), and temporarily at DATA (451)', async () => {
    smtp.setFailure('permanent', 'rcpt');
    expect(
      await sendMail(smtp.port, { from: 'a@example.org', to: ['b@example.org'], data: MAIL }),
    ).toMatchObject({ rcpt: [550], accepted: false });

    smtp.setFailure('permanent', 'data');
    expect(
      await sendMail(smtp.port, { from: 'a@example.org', to: ['b@example.org'], data: MAIL }),
    ).toMatchObject({ rcpt: [250], data: 554, accepted: false });

    smtp.setFailure('temporary', 'data');
    expect(
      await sendMail(smtp.port, { from: 'a@example.org', to: ['b@example.org'], data: MAIL }),
    ).toMatchObject({ rcpt: [250], data: 451, accepted: false });

    expect(smtp.rejections.map((r) => [r.stage, r.code])).toEqual([
      ['rcpt', 550],
      ['data', 554],
      ['data', 451],
    ]);
    expect(smtp.messages).toHaveLength(0);
  });

  it('refuses connections after stop() and works again on the same port after start()', async () => {
    const port = smtp.port;
    const open = await RawSmtpClient.connect(port);
    expect((await open.reply()).code).toBe(220);

    await smtp.stop();
    await expect(RawSmtpClient.connect(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    open.close();

    await smtp.start();
    expect(smtp.port).toBe(port);
    const result = await sendMail(port, { from: 'a@example.org', to: ['b@example.org'], data: MAIL });
    expect(result.accepted).toBe(true);
    expect(smtp.messages).toHaveLength(1);
  });
});

describe('parseMail', () => {
  it('unfolds headers, lower-cases names and keeps the first of repeated fields', () => {
    const { headers, body } = parseMail('Subject: a\r\n b\r\nX-A: 1\r\nx-a: 2\r\n\r\nbody\r\n');
    expect(headers).toEqual({ subject: 'a b', 'x-a': '1' });
    expect(body).toBe('body\n');
  });
});
