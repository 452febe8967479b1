import { startSmtpServer } from '@buergeramt/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { NotificationsConfig } from '../config';
import { Mailer, type OutgoingMail, senderDomain, transportOptions } from './mailer';

describe('mailer settings', () => {
  it('pools connections, keeping what the operator put into SMTP_URL', () => {
    const options = transportOptions('smtps://user:p%40ss@mail.example:465/?maxConnections=2', 4);
    expect(options).toMatchObject({
      pool: true,
      secure: true,
      host: 'mail.example',
      port: 465,
      auth: { user: 'user', pass: 'p@ss' },
      maxConnections: 2,
      greetingTimeout: 10_000,
    });
    expect(transportOptions('smtp://127.0.0.1:1025', 4)).toMatchObject({ maxConnections: 4, secure: false });
    expect(typeof options.getSocket).toBe('function');
  });

  it('takes the Message-ID domain from MAIL_FROM', () => {
    expect(senderDomain('Bürgeramt <buergeramt@esslingen.de>', 'x')).toBe('esslingen.de');
    expect(senderDomain('noreply@stadt.example', 'x')).toBe('stadt.example');
    expect(senderDomain('Bürgeramt', 'fallback.example')).toBe('fallback.example');
  });
});

describe('mailer against a real SMTP server', () => {
  const mail = (n: number): OutgoingMail => ({
    deliveryId: `delivery-${n}`,
    to: { name: null, address: 'erika@example.org' },
    subject: 'Test',
    text: 'Text',
    html: '<p>Text</p>',
    attachments: [],
  });

  it('sends again once the server is back after more refused connections than the pool has slots', async () => {
    // the fault suite found it: nodemailer's pool lost one slot per refused connection, so after
    // MAIL_CONCURRENCY of them (a server away for a moment) every later mail waited forever
    const smtp = await startSmtpServer();
    await smtp.stop();
    const config = Object.assign(new NotificationsConfig(), {
      SMTP_URL: smtp.url,
      MAIL_CONCURRENCY: 2,
      MAIL_FROM: 'Bürgeramt <buergeramt@esslingen.example>',
      PUBLIC_BASE_URL: 'http://localhost:8080',
    });
    const mailer = new Mailer(config);
    // each send settles: a stuck pool shows as `stuck`, not as the test's timeout
    const settled = (n: number): Promise<unknown> =>
      Promise.race([
        mailer.send(mail(n)).then(
          (sent) => ({ sent }),
          (error: Error) => ({ error: error.message }),
        ),
        sleep(10_000, { stuck: `mail ${n} had no answer within 10 s` }, { ref: false }),
      ]);
    try {
      for (let n = 0; n < 5; n++) {
        expect(await settled(n)).toEqual({ error: expect.stringMatching(/ECONNREFUSED/) });
      }
      await smtp.start();
      expect(await settled(9)).toEqual({
        sent: {
          messageId: '<delivery-9@esslingen.example>',
          response: expect.stringMatching(/^250 /),
        },
      });
      expect(smtp.messages).toHaveLength(1);
    } finally {
      mailer.onApplicationShutdown();
      await smtp.stop();
    }
  });
});
