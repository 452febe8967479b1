import { itBehavesLikeAPlatformService } from '@buergeramt/testing';
import { Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { OPENAPI } from '../src/app.module';
import { DEMO_CITIZEN_ID, DEMO_DOCUMENT_ID, SeedService } from '../src/seed/seed.service';
import { anApplication, anEvent, files, type Harness, multipart, startHarness } from './support/harness';

const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

describe('documents (real Postgres and Redis, filesystem driver)', () => {
  let h: Harness;
  const erika = uuidv7();
  const mallory = uuidv7();
  const clerk = uuidv7();

  let warnings: jest.SpyInstance;

  beforeAll(async () => {
    warnings = jest.spyOn(Logger.prototype, 'warn');
    h = await startHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  itBehavesLikeAPlatformService(() => h.service, OPENAPI.title);

  it('says at start that uploads are not scanned when CLAMAV_URL is not set', () => {
    expect(warnings.mock.calls.map(([message]) => String(message))).toContainEqual(
      expect.stringContaining('CLAMAV_URL is not set: uploads are NOT scanned'),
    );
  });

  const storedFiles = async (): Promise<string[]> =>
    existsSync(join(h.storageDir, 'uploads')) ? readdir(join(h.storageDir, 'uploads')) : [];

  describe('POST /documents', () => {
    it('stores a PDF and answers 201 with id, filename, mediaType, size, sha256 and status', async () => {
      const content = files.pdf(5000);
      const res = await h.upload(h.token(erika), content, 'Meldebescheinigung.pdf');
      expect(res.statusCode).toBe(201);
      const body = res.json<Record<string, unknown>>();
      expect(body).toMatchObject({
        filename: 'Meldebescheinigung.pdf',
        mediaType: 'application/pdf',
        size: 5000,
        sha256: sha(content),
        status: 'clean',
        kind: 'upload',
      });
      const [event] = await h.query<{ data: Record<string, unknown> }>(
        `SELECT data FROM ${h.table('outbox')} WHERE type = 'document.status-changed' AND subject = $1`,
        [body.id],
      );
      expect(event?.data).toEqual({
        documentId: body.id,
        ownerId: erika,
        status: 'clean',
        mediaType: 'application/pdf',
      });
      const audit = await h.query(`SELECT action FROM ${h.table('audit_log')} WHERE target_id = $1`, [
        body.id,
      ]);
      expect(audit).toEqual([{ action: 'document.uploaded' }]);
    });

    it('decides the type by the content, not by the name', async () => {
      const png = await h.upload(h.token(erika), files.png(), 'foto.pdf');
      expect(png.statusCode).toBe(201);
      expect(png.json()).toMatchObject({ mediaType: 'image/png', filename: 'foto.png' });
      const jpeg = await h.upload(h.token(erika), files.jpeg(), 'scan.png');
      expect(jpeg.json()).toMatchObject({ mediaType: 'image/jpeg', filename: 'scan.jpg' });
    });

    it('names the file after the type of its content: x.html that is a PNG is stored and served as x.png', async () => {
      const res = await h.upload(h.token(erika), files.png(), 'x.html');
      expect(res.statusCode).toBe(201);
      const { id } = res.json<{ id: string }>();
      expect(res.json()).toMatchObject({ mediaType: 'image/png', filename: 'x.png' });
      expect((await h.request('GET', `/documents/${id}`, h.token(erika))).json()).toMatchObject({
        filename: 'x.png',
      });
      const file = await h.request('GET', `/documents/${id}/content`, h.token(erika));
      expect(file.headers['content-type']).toBe('image/png');
      expect(file.headers['content-disposition']).toBe(
        `attachment; filename="x.png"; filename*=UTF-8''x.png`,
      );

      // non-ASCII names: an ASCII fallback and the exact name in RFC 8187 encoding (RFC 6266)
      const attest = await h.upload(h.token(erika), files.pdf(), 'Ärztliches Attest (Kopie).html');
      expect(attest.json()).toMatchObject({ filename: 'Ärztliches Attest (Kopie).pdf' });
      const download = await h.request(
        'GET',
        `/documents/${attest.json<{ id: string }>().id}/content`,
        h.token(erika),
      );
      expect(download.headers['content-disposition']).toBe(
        `attachment; filename="_rztliches Attest (Kopie).pdf"; ` +
          `filename*=UTF-8''%C3%84rztliches%20Attest%20%28Kopie%29.pdf`,
      );

      // a name stored before the rule is served by it
      await h.query(`UPDATE ${h.table('documents')} SET filename = 'alt.html' WHERE id = $1`, [id]);
      expect((await h.request('GET', `/documents/${id}`, h.token(erika))).json()).toMatchObject({
        filename: 'alt.png',
      });
      expect(
        (await h.request('GET', `/documents/${id}/content`, h.token(erika))).headers['content-disposition'],
      ).toMatch(/^attachment; filename="alt\.png"; filename\*=UTF-8''alt\.png$/);
    });

    it.each([
      ['a Windows executable named .pdf', files.exe()],
      ['plain text named .pdf', files.text()],
    ])('refuses %s with 415 and stores nothing', async (_what, content) => {
      const before = await h.query(`SELECT count(*)::int AS n FROM ${h.table('documents')}`);
      const filesBefore = await storedFiles();
      const res = await h.upload(h.token(erika), content, 'antrag.pdf');
      expect(res.statusCode).toBe(415);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ type: 'unsupported-media-type', status: 415 });
      expect(await h.query(`SELECT count(*)::int AS n FROM ${h.table('documents')}`)).toEqual(before);
      expect(await storedFiles()).toEqual(filesBefore);
    });

    it('refuses a file over the size limit with 413 and stores nothing', async () => {
      const filesBefore = await storedFiles();
      const res = await h.upload(h.token(erika), files.pdf(1024 * 1024 + 1), 'gross.pdf');
      expect(res.statusCode).toBe(413);
      expect(res.json()).toMatchObject({ type: 'payload-too-large', status: 413 });
      expect(await storedFiles()).toEqual(filesBefore);
      // exactly at the limit is fine
      expect((await h.upload(h.token(erika), files.pdf(1024 * 1024), 'genau.pdf')).statusCode).toBe(201);
    });

    it('keeps only a harmless file name: no path, no control or bidi characters', async () => {
      const res = await h.upload(
        h.token(erika),
        files.pdf(),
        '..\\..\\C:\\evil/../../etc/pass\u0007wd\u202Egnp.pdf',
      );
      expect(res.statusCode).toBe(201);
      expect(res.json<{ filename: string }>().filename).toBe('passwdgnp.pdf');
      const empty = await h.upload(h.token(erika), files.png(), '/../');
      expect(empty.json<{ filename: string }>().filename).toBe('document.png');
    });

    it('needs the field "file" (422), a person (403 for machine clients) and a login (401)', async () => {
      const { payload, headers } = multipart(files.pdf(), 'a.pdf', { field: 'upload' });
      const wrongField = await h.service.inject({
        method: 'POST',
        url: '/documents',
        payload,
        headers: { ...headers, authorization: `Bearer ${h.token(erika)}` },
      });
      expect(wrongField.statusCode).toBe(422);
      expect(wrongField.json()).toMatchObject({ errors: [{ field: 'file' }] });
      const client = await h.service.inject({
        method: 'POST',
        url: '/documents',
        payload,
        headers: {
          ...headers,
          authorization: `Bearer ${h.issuer.clientToken('fachverfahren', ['applications:write'])}`,
        },
      });
      expect(client.statusCode).toBe(403);
      const anonymous = await h.service.inject({ method: 'POST', url: '/documents', payload, headers });
      expect(anonymous.statusCode).toBe(401);
    });

    it('encrypts files at rest (AES-256-GCM, key id stored) and refuses to serve a tampered one', async () => {
      const content = Buffer.concat([files.pdf(100), Buffer.alloc(200_000, 'GEHEIM-Personalausweis ')]);
      const { id } = (await h.upload(h.token(erika), content, 'ausweis.pdf')).json<{ id: string }>();
      const path = join(h.storageDir, 'uploads', id);
      const stored = await readFile(path);
      expect(stored.includes(Buffer.from('GEHEIM'))).toBe(false);
      expect(stored.includes(content.subarray(0, 16))).toBe(false);
      expect(stored.subarray(0, 5).toString()).toBe('BADOC');
      const [row] = await h.query<{ key_id: string }>(
        `SELECT key_id FROM ${h.table('documents')} WHERE id = $1`,
        [id],
      );
      expect(row?.key_id).toBe('test-k1');
      // the download is the plaintext again
      const ok = await h.request('GET', `/documents/${id}/content`, h.token(erika));
      expect(ok.rawPayload.equals(content)).toBe(true);
      // one flipped bit in the middle: authentication fails and the file is not served whole
      stored[stored.length >> 1]! ^= 0x01; // the middle byte of a non-empty file
      await writeFile(path, stored);
      const tampered = await h.request('GET', `/documents/${id}/content`, h.token(erika)).catch(() => null);
      expect(tampered === null || !tampered.rawPayload.equals(content)).toBe(true);
      expect(tampered === null || tampered.rawPayload.length < content.length).toBe(true);
    });
  });

  describe('reading', () => {
    let id: string;
    let content: Buffer;

    beforeAll(async () => {
      content = files.pdf(3000);
      id = (await h.upload(h.token(erika), content, 'Geburtsurkunde Ö.pdf')).json<{ id: string }>().id;
    });

    it('GET /documents lists only my documents, newest first, with cursor paging', async () => {
      await h.upload(h.token(mallory), files.pdf(), 'mallory.pdf');
      const first = await h.request('GET', '/documents?limit=2', h.token(erika));
      expect(first.statusCode).toBe(200);
      const page = first.json<{ items: { id: string }[]; nextCursor: string | null }>();
      expect(page.items).toHaveLength(2);
      expect(page.items[0]?.id).toBe(id);
      expect(page.nextCursor).toEqual(expect.any(String));
      const all: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await h.request(
          'GET',
          `/documents?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
          h.token(erika),
        );
        const body = res.json<{ items: { id: string }[]; nextCursor: string | null }>();
        all.push(...body.items.map((item) => item.id));
        cursor = body.nextCursor;
      } while (cursor);
      const [{ n }] = (await h.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${h.table('documents')} WHERE owner_id = $1`,
        [erika],
      )) as [{ n: number }];
      expect(all).toHaveLength(n);
      expect(new Set(all).size).toBe(n);
      expect((await h.request('GET', '/documents?limit=101', h.token(erika))).statusCode).toBe(422);
    });

    it('GET /documents/{id} and /content: the owner gets metadata and the file as an attachment', async () => {
      const meta = await h.request('GET', `/documents/${id}`, h.token(erika));
      expect(meta.statusCode).toBe(200);
      expect(meta.json()).toMatchObject({ id, filename: 'Geburtsurkunde Ö.pdf', sha256: sha(content) });
      const file = await h.request('GET', `/documents/${id}/content`, h.token(erika));
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe('application/pdf');
      expect(file.headers['x-content-type-options']).toBe('nosniff');
      expect(file.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
      expect(file.headers['content-disposition']).toBe(
        `attachment; filename="Geburtsurkunde _.pdf"; filename*=UTF-8''Geburtsurkunde%20%C3%96.pdf`,
      );
      expect(file.rawPayload.equals(content)).toBe(true);
      // owners' own reads are not audited
      const audit = await h.query(
        `SELECT action FROM ${h.table('audit_log')} WHERE target_id = $1 AND action <> 'document.uploaded'`,
        [id],
      );
      expect(audit).toEqual([]);
    });

    it('marks every personal answer Cache-Control: no-store (list, metadata, file)', async () => {
      for (const url of ['/documents', `/documents/${id}`, `/documents/${id}/content`]) {
        const res = await h.request('GET', url, h.token(erika));
        expect(res.statusCode).toBe(200);
        expect(String(res.headers['cache-control']).split(/,\s*/)).toContain('no-store');
      }
    });

    it("answers 404 for another citizen's document, for staff before submission, and for unknown ids", async () => {
      for (const url of [`/documents/${id}`, `/documents/${id}/content`]) {
        expect((await h.request('GET', url, h.token(mallory))).statusCode).toBe(404);
        expect((await h.request('GET', url, h.token(clerk, ['clerk']))).statusCode).toBe(404);
      }
      expect((await h.request('DELETE', `/documents/${id}`, h.token(mallory))).statusCode).toBe(404);
      expect((await h.request('GET', `/documents/${uuidv7()}`, h.token(erika))).statusCode).toBe(404);
      expect((await h.request('GET', '/documents/not-a-uuid', h.token(erika))).statusCode).toBe(404);
      expect((await h.request('GET', `/documents/${id}`)).statusCode).toBe(401);
    });

    it('lets staff (and machine clients with applications:read) read documents of submitted applications, audited', async () => {
      const application = anApplication(erika);
      await h.publish(
        anEvent('application.submitted', { ...application, reference: 'ESS-2026-000001', documentIds: [id] }),
      );
      await h.settle();
      const meta = await h.request('GET', `/documents/${id}`, h.token(clerk, ['clerk']));
      expect(meta.statusCode).toBe(200);
      const file = await h.request('GET', `/documents/${id}/content`, h.token(clerk, ['supervisor']));
      expect(file.rawPayload.equals(content)).toBe(true);
      const client = h.issuer.clientToken('fachverfahren', ['applications:read']);
      expect((await h.request('GET', `/documents/${id}`, client)).statusCode).toBe(200);
      expect(
        (await h.request('GET', `/documents/${id}`, h.issuer.clientToken('x', ['catalogue:read'])))
          .statusCode,
      ).toBe(403);
      const audit = await h.query<{ action: string; actor_id: string; actor_type: string }>(
        `SELECT action, actor_id, actor_type FROM ${h.table('audit_log')}
          WHERE target_id = $1 AND action LIKE 'document.%' AND action <> 'document.uploaded' ORDER BY at, id`,
        [id],
      );
      expect(audit).toEqual([
        { action: 'document.read', actor_id: clerk, actor_type: 'user' },
        { action: 'document.downloaded', actor_id: clerk, actor_type: 'user' },
        { action: 'document.read', actor_id: 'fachverfahren', actor_type: 'client' },
      ]);
      // the audit log is append-only
      await expect(h.query(`DELETE FROM ${h.table('audit_log')}`)).rejects.toThrow(/append-only/);
      // another citizen's document listed in the application does not open it to staff
      const foreign = (await h.upload(h.token(mallory), files.pdf(), 'm.pdf')).json<{ id: string }>().id;
      await h.publish(
        anEvent('application.submitted', {
          ...anApplication(erika),
          reference: 'ESS-2026-000002',
          documentIds: [foreign],
        }),
      );
      await h.settle();
      expect((await h.request('GET', `/documents/${foreign}`, h.token(clerk, ['clerk']))).statusCode).toBe(
        404,
      );
    });

    it('a document a clerk attaches to a message can be read by the application owner', async () => {
      const application = anApplication(erika);
      await h.publish(
        anEvent('application.submitted', { ...application, reference: 'ESS-2026-000003', documentIds: [] }),
      );
      const attachment = (await h.upload(h.token(clerk, ['clerk']), files.pdf(), 'Hinweise.pdf')).json<{
        id: string;
      }>().id;
      expect((await h.request('GET', `/documents/${attachment}`, h.token(erika))).statusCode).toBe(404);
      await h.publish(
        anEvent('application.message-posted', {
          ...application,
          messageId: uuidv7(),
          fromStaff: true,
          documentIds: [attachment],
        }),
      );
      await h.settle();
      expect((await h.request('GET', `/documents/${attachment}/content`, h.token(erika))).statusCode).toBe(
        200,
      );
      expect((await h.request('GET', `/documents/${attachment}`, h.token(mallory))).statusCode).toBe(404);
    });
  });

  describe('DELETE /documents/{id}', () => {
    it('refuses (409) while the document is part of a submitted application, deletes after it closed', async () => {
      const { id } = (await h.upload(h.token(erika), files.pdf(), 'x.pdf')).json<{ id: string }>();
      const application = anApplication(erika);
      await h.publish(
        anEvent('application.submitted', { ...application, reference: 'ESS-2026-000010', documentIds: [id] }),
      );
      await h.settle();
      const refused = await h.request('DELETE', `/documents/${id}`, h.token(erika));
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ type: 'document-in-use', status: 409 });
      expect(existsSync(join(h.storageDir, 'uploads', id))).toBe(true);
      // staff who may see it still may not delete it
      expect((await h.request('DELETE', `/documents/${id}`, h.token(clerk, ['clerk']))).statusCode).toBe(403);

      await h.publish(anEvent('application.withdrawn', { ...application, reference: 'ESS-2026-000010' }));
      await h.settle();
      const deleted = await h.request('DELETE', `/documents/${id}`, h.token(erika));
      expect(deleted.statusCode).toBe(204);
      expect(existsSync(join(h.storageDir, 'uploads', id))).toBe(false);
      expect((await h.request('GET', `/documents/${id}`, h.token(erika))).statusCode).toBe(404);
      const events = await h.query(
        `SELECT data FROM ${h.table('outbox')} WHERE type = 'document.deleted' AND subject = $1`,
        [id],
      );
      expect(events).toEqual([{ data: { documentId: id, ownerId: erika } }]);
    });

    it('an upload not part of any submitted application can be deleted at once', async () => {
      const { id } = (await h.upload(h.token(erika), files.jpeg(), 'y.jpg')).json<{ id: string }>();
      expect((await h.request('DELETE', `/documents/${id}`, h.token(erika))).statusCode).toBe(204);
      expect((await h.request('DELETE', `/documents/${id}`, h.token(erika))).statusCode).toBe(404);
    });

    it('a download whose file a concurrent delete removed after the row was read is 404, not 500', async () => {
      const { id } = (await h.upload(h.token(erika), files.jpeg(), 'z.jpg')).json<{ id: string }>();
      // the state a DELETE leaves between removing the file and committing the row's removal
      await rm(join(h.storageDir, 'uploads', id));
      const res = await h.request('GET', `/documents/${id}/content`, h.token(erika));
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ type: expect.stringContaining('not-found'), status: 404 });
    });
  });

  it('DEMO_SEED: seeds one demo document for the demo citizen, idempotently, marked as demo', async () => {
    const seed = h.service.app.get(SeedService);
    expect(await seed.seed()).toBe(true);
    expect(await seed.seed()).toBe(false);
    const rows = await h.query(`SELECT demo, owner_id FROM ${h.table('documents')} WHERE id = $1`, [
      DEMO_DOCUMENT_ID,
    ]);
    expect(rows).toEqual([{ demo: true, owner_id: DEMO_CITIZEN_ID }]);
    const file = await h.request('GET', `/documents/${DEMO_DOCUMENT_ID}/content`, h.token(DEMO_CITIZEN_ID));
    expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
