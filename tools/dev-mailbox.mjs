// The local mailbox of `npm start` (what Mailpit is in docker compose): a real SMTP server on
// 127.0.0.1:1025 that accepts every mail the notifications service sends, keeps it under .data/mails/
// (so a restart loses nothing), and shows it at http://localhost:8025: a list, each mail's text with its
// links, the HTML version, attachments, and the raw message. `GET /api/mails` answers JSON (newest first)
// for scripts and the end-to-end test. Development only: no authentication, loopback only.
import { createServer } from 'node:http';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** Mails kept (in memory and on disk); older ones are dropped from the list. */
const KEEP = 500;

const escapeHtml = (text) =>
  String(text).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );

/** Plain text as HTML with its http(s) links clickable. */
function linkify(text) {
  return escapeHtml(text).replace(/https?:\/\/[^\s<>"']+/g, (url) => `<a href="${url}">${url}</a>`);
}

const PAGE_STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; color: #1a1a1a; }
  a { color: #0b57a4; } a:focus { outline: 3px solid #1a1a1a; outline-offset: 2px; }
  table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .4rem; border-bottom: 1px solid #767676; }
  pre { white-space: pre-wrap; background: #f3f3f3; padding: 1rem; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }`;

function page(title, body) {
  return `<!doctype html>
<html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${PAGE_STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}

async function toEntry(id, raw) {
  const parsed = await simpleParser(raw);
  return {
    id,
    receivedAt: (parsed.date ?? new Date()).toISOString(),
    from: parsed.from?.text ?? '',
    to: parsed.to ? [parsed.to].flat().map((a) => a.text) : [],
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : null,
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename ?? 'attachment',
      contentType: a.contentType,
      content: a.content,
    })),
    raw,
  };
}

/**
 * Starts the mailbox. Resolves with `{ smtpUrl, webUrl, stop }`; rejects when a port is taken (the caller
 * decides what that means: e.g. a Mailpit already listening there).
 */
export async function startDevMailbox({ smtpPort = 1025, httpPort = 8025, dir, log = console.error }) {
  await mkdir(dir, { recursive: true });
  const mails = [];
  for (const file of (await readdir(dir))
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .slice(-KEEP)) {
    mails.unshift(await toEntry(file.slice(0, -4), await readFile(path.join(dir, file), 'utf8')));
  }
  let sequence = 0;

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    hideSTARTTLS: true,
    logger: false,
    size: 50 * 1024 * 1024,
    onData(stream, _session, callback) {
      const chunks = [];
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        sequence += 1;
        const id = `${Date.now()}-${String(sequence).padStart(4, '0')}`;
        writeFile(path.join(dir, `${id}.eml`), raw)
          .then(() => toEntry(id, raw))
          .then((entry) => {
            mails.unshift(entry);
            mails.splice(KEEP);
            callback();
          })
          .catch((error) => callback(error));
      });
    },
  });

  smtp.on('error', (error) => log(`mailbox: ${error.message}`));

  const web = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status, type, body) => {
      res.writeHead(status, {
        'content-type': type,
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      });
      res.end(body);
    };
    const find = (id) => mails.find((m) => m.id === id);
    if (url.pathname === '/api/mails') {
      const items = mails.map(({ raw: _raw, attachments, ...m }) => ({
        ...m,
        attachments: attachments.map(({ content, ...a }) => ({ ...a, size: content.length })),
      }));
      return send(200, 'application/json; charset=utf-8', JSON.stringify({ items }));
    }
    if (url.pathname === '/') {
      const rows = mails
        .map(
          (m) =>
            `<tr><td>${escapeHtml(new Date(m.receivedAt).toLocaleString('de-DE', { timeZone: 'Europe/Berlin' }))}</td>` +
            `<td>${escapeHtml(m.to.join(', '))}</td><td><a href="/mails/${m.id}">${escapeHtml(m.subject || '(ohne Betreff)')}</a></td></tr>`,
        )
        .join('');
      return send(
        200,
        'text/html; charset=utf-8',
        page(
          'Postfach – Digitales Bürgeramt (lokal)',
          `<h1>Lokales Postfach</h1><p>Alle Mails, die die lokale Plattform verschickt (${mails.length}). Nur für die Entwicklung. <span lang="en">Every mail the local platform sends; development only.</span></p>` +
            (mails.length
              ? `<table><caption class="visually-hidden">Mails, neueste zuerst</caption><thead><tr><th scope="col">Eingang</th><th scope="col">An</th><th scope="col">Betreff</th></tr></thead><tbody>${rows}</tbody></table>`
              : '<p>Noch keine Mails.</p>'),
        ),
      );
    }
    const match = /^\/mails\/([\w-]+)(?:\/(html|raw|attachments\/(\d+)))?$/.exec(url.pathname);
    const mail = match ? find(match[1]) : undefined;
    if (!match || !mail) return send(404, 'text/plain; charset=utf-8', 'Nicht gefunden / not found');
    if (match[2] === 'raw') return send(200, 'message/rfc822', mail.raw);
    if (match[2] === 'html') {
      // the mail's own HTML, sandboxed by the CSP above (no scripts, no remote loads)
      return send(
        200,
        'text/html; charset=utf-8',
        mail.html ?? page(mail.subject, '<p>Keine HTML-Fassung.</p>'),
      );
    }
    if (match[3] !== undefined) {
      const attachment = mail.attachments[Number(match[3])];
      if (!attachment) return send(404, 'text/plain; charset=utf-8', 'Nicht gefunden / not found');
      res.setHeader(
        'content-disposition',
        `attachment; filename="${attachment.filename.replace(/["\\\r\n]/g, '_')}"`,
      );
      return send(200, attachment.contentType, attachment.content);
    }
    const attachments = mail.attachments
      .map(
        (a, i) =>
          `<li><a href="/mails/${mail.id}/attachments/${i}">${escapeHtml(a.filename)}</a> (${escapeHtml(a.contentType)})</li>`,
      )
      .join('');
    return send(
      200,
      'text/html; charset=utf-8',
      page(
        mail.subject,
        `<p><a href="/">← Alle Mails</a></p><h1>${escapeHtml(mail.subject || '(ohne Betreff)')}</h1>` +
          `<dl><dt>Von</dt><dd>${escapeHtml(mail.from)}</dd><dt>An</dt><dd>${escapeHtml(mail.to.join(', '))}</dd>` +
          `<dt>Eingang</dt><dd>${escapeHtml(mail.receivedAt)}</dd></dl>` +
          `<h2>Text</h2><pre>${linkify(mail.text)}</pre>` +
          (attachments ? `<h2>Anhänge</h2><ul>${attachments}</ul>` : '') +
          `<p>${mail.html ? `<a href="/mails/${mail.id}/html">HTML-Fassung</a> · ` : ''}<a href="/mails/${mail.id}/raw">Quelltext</a></p>`,
      ),
    );
  });

  const listen = (server, port) =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(smtp.server, smtpPort);
  try {
    await listen(web, httpPort);
  } catch (error) {
    await new Promise((resolve) => smtp.close(resolve));
    throw error;
  }
  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    webUrl: `http://localhost:${httpPort}`,
    stop: () =>
      Promise.all([
        new Promise((resolve) => smtp.close(resolve)),
        new Promise((resolve) => web.close(resolve)),
      ]),
  };
}
