import { senderDomain, transportOptions } from './mailer';

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
