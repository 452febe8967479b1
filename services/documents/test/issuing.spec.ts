import { createHash, createPublicKey, verify } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { RetentionService } from '../src/retention/retention.service';
import {
  anApplication,
  anEvent,
  CITY_NAME,
  files,
  type Harness,
  multipart,
  PUBLIC_BASE_URL,
  startHarness,
} from './support/harness';
import { pageImages, qrCodesOnPage } from './support/pdf-images';

// pdf-parse 1.1.1: the library entry point, not its index (which runs a debug demo)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pdfParse = require('pdf-parse/lib/pdf-parse.js') as (
  data: Buffer,
) => Promise<{ text: string; numpages: number }>;

const DAY = 24 * 3600_000;

interface Doc {
  id: string;
  kind: string;
  applicationId?: string;
  verificationCode?: string;
  sha256: string;
}

describe('issued documents, verification and retention (real Postgres and Redis)', () => {
  let h: Harness;
  const erika = uuidv7();

  beforeAll(async () => {
    h = await startHarness({
      RETENTION_UPLOAD_DAYS: '90',
      RETENTION_UNATTACHED_DAYS: '180',
      RETENTION_ISSUED_DAYS: '3650',
    });
  });

  afterAll(async () => {
    await h?.close();
  });

  async function decide(ownerId: string, reference: string, outcome: 'approved' | 'rejected' = 'approved') {
    const application = anApplication(ownerId);
    const decidedAt = new Date('2026-03-02T09:30:00Z');
    const event = anEvent('application.decided', {
      ...application,
      reference,
      outcome,
      reason:
        'Alle Voraussetzungen nach § 5 PAuswG sind erfüllt; die Gebühr wurde entrichtet. Grüße aus der Rathausstraße.',
      decidedAt: decidedAt.toISOString(),
      decidedByRole: 'clerk',
      serviceName: { de: 'Führungszeugnis beantragen', en: 'Certificate of good conduct' },
      applicant: { givenName: 'Jürgen', familyName: 'Müßiggang' },
    });
    await h.publish(event);
    await h.settle();
    return { application, event };
  }

  async function issuedOf(ownerId: string, applicationId: string): Promise<Doc> {
    const list = await h.request('GET', '/documents?limit=100', h.token(ownerId));
    const doc = list.json<{ items: Doc[] }>().items.find((d) => d.applicationId === applicationId);
    if (!doc) throw new Error('no issued document');
    return doc;
  }

  it('application.decided issues a signed decision letter PDF into the citizen documents, once', async () => {
    const { application, event } = await decide(erika, 'ESS-2026-000123');
    const doc = await issuedOf(erika, application.applicationId);
    expect(doc).toMatchObject({
      kind: 'issued',
      verificationCode: expect.stringMatching(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/),
    });
    const file = await h.request('GET', `/documents/${doc.id}/content`, h.token(erika));
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(createHash('sha256').update(file.rawPayload).digest('hex')).toBe(doc.sha256);

    const parsed = await pdfParse(file.rawPayload);
    expect(parsed.numpages).toBe(1);
    const text = parsed.text.replace(/\s+/g, ' ');
    expect(text).toContain('ESS-2026-000123');
    expect(text).toContain(CITY_NAME);
    expect(text).toContain('Jürgen Müßiggang');
    expect(text).toContain('Begründung');
    expect(text).toContain('§ 5 PAuswG');
    expect(text).toContain('02.03.2026');
    expect(text).toContain('Sachbearbeitung');
    expect(text).toContain(doc.verificationCode);
    expect(text).toContain(`${PUBLIC_BASE_URL}/verify/${doc.verificationCode}`);

    // the QR code: the image XObject pdf-lib embedded, decoded from its own samples, read by jsQR
    const images = await pageImages(file.rawPayload);
    expect(images).toHaveLength(1);
    expect(images[0]!.width).toBeGreaterThanOrEqual(200); // one image, as checked above
    expect(await qrCodesOnPage(file.rawPayload)).toEqual([
      `${PUBLIC_BASE_URL}/verify/${doc.verificationCode}`,
    ]);

    const [issued] = await h.query<{ data: Record<string, unknown> }>(
      `SELECT data FROM ${h.table('outbox')} WHERE type = 'document.issued'`,
    );
    expect(issued?.data).toEqual({
      documentId: doc.id,
      ownerId: erika,
      applicationId: application.applicationId,
      verificationCode: doc.verificationCode,
      sha256: doc.sha256,
    });

    // the same decision again (redelivered, or published twice): still one letter
    await h.publish({ ...event, id: uuidv7() });
    await h.settle();
    const count = await h.query(`SELECT id FROM ${h.table('documents')} WHERE application_id = $1`, [
      application.applicationId,
    ]);
    expect(count).toHaveLength(1);
    // staff may read the letter of an application they may see
    expect((await h.request('GET', `/documents/${doc.id}`, h.token(uuidv7(), ['clerk']))).statusCode).toBe(
      200,
    );
    expect((await h.request('GET', `/documents/${doc.id}`, h.token(uuidv7()))).statusCode).toBe(404);
  });

  describe('GET /verify/{code}', () => {
    let doc: Doc;
    let pdf: Buffer;

    beforeAll(async () => {
      const { application } = await decide(erika, 'ESS-2026-000200', 'rejected');
      doc = await issuedOf(erika, application.applicationId);
      pdf = (await h.request('GET', `/documents/${doc.id}/content`, h.token(erika))).rawPayload;
    });

    it('answers validity, type, date, issuer and hash of a genuine document, with a verifiable signature and no personal data', async () => {
      const res = await h.request('GET', `/verify/${doc.verificationCode}`);
      expect(res.statusCode).toBe(200);
      const body = res.json<Record<string, string | boolean>>();
      expect(body).toMatchObject({
        valid: true,
        documentType: 'decision-letter',
        issuedAt: expect.any(String),
        issuer: CITY_NAME,
        sha256: doc.sha256,
        signatureAlgorithm: 'Ed25519',
        signingKeyId: 'test-s1',
      });
      const json = res.body;
      for (const personal of ['Jürgen', 'Müßiggang', erika, 'ESS-2026-000200', doc.id])
        expect(json).not.toContain(personal);
      // anyone can check the signature with the published key
      const key = createPublicKey({
        key: { kty: 'OKP', crv: 'Ed25519', x: body.publicKey as string },
        format: 'jwk',
      });
      const digest = createHash('sha256').update(pdf).digest();
      expect(verify(null, digest, key, Buffer.from(body.signature as string, 'base64'))).toBe(true);
      // codes are forgiving when typed: lower case, no dashes
      const typed = (doc.verificationCode ?? '').toLowerCase().replace(/-/g, ' ');
      expect((await h.request('GET', `/verify/${encodeURIComponent(typed)}`)).json()).toMatchObject({
        valid: true,
      });
    });

    it('tells a genuine file from a tampered one (by hash, and by uploading the file)', async () => {
      const tampered = Buffer.from(pdf);
      const at = tampered.indexOf('ESS-2026-000200');
      tampered.write('ESS-2026-000999', at === -1 ? tampered.length >> 1 : at, 'latin1');
      const hashOf = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

      const genuine = await h.request('GET', `/verify/${doc.verificationCode}?sha256=${hashOf(pdf)}`);
      expect(genuine.json()).toMatchObject({ valid: true, matches: true });
      const forged = await h.request('GET', `/verify/${doc.verificationCode}?sha256=${hashOf(tampered)}`);
      expect(forged.json()).toMatchObject({ valid: false, matches: false });

      for (const [file, expected] of [
        [pdf, true],
        [tampered, false],
      ] as const) {
        const { payload, headers } = multipart(file, 'bescheid.pdf');
        const res = await h.service.inject({
          method: 'POST',
          url: `/verify/${doc.verificationCode}`,
          payload,
          headers,
        });
        expect(res.statusCode).toBe(200);
        expect(res.json()).toMatchObject({ valid: expected, matches: expected });
      }
      // the record itself edited in the database: the signature no longer fits
      await h.query(`UPDATE ${h.table('documents')} SET sha256 = $1 WHERE id = $2`, [
        hashOf(tampered),
        doc.id,
      ]);
      expect((await h.request('GET', `/verify/${doc.verificationCode}`)).json()).toMatchObject({
        valid: false,
      });
      await h.query(`UPDATE ${h.table('documents')} SET sha256 = $1 WHERE id = $2`, [doc.sha256, doc.id]);
    });

    it('answers 404 for an unknown code and 422 for a malformed hash', async () => {
      expect((await h.request('GET', '/verify/AAAA-BBBB-CCCC')).statusCode).toBe(404);
      expect((await h.request('GET', '/verify/nonsense')).statusCode).toBe(404);
      expect((await h.request('GET', `/verify/${doc.verificationCode}?sha256=xyz`)).statusCode).toBe(422);
    });
  });

  describe('retention', () => {
    const retention = (): RetentionService => h.service.app.get(RetentionService);
    const exists = (id: string): boolean => existsSync(join(h.storageDir, 'uploads', id));

    it('erases uploads 90 days after their application closed, unattached ones after 180 days; twice at once is safe', async () => {
      const owner = uuidv7();
      const attached = (await h.upload(h.token(owner), files.pdf(), 'a.pdf')).json<{ id: string }>().id;
      const loose = (await h.upload(h.token(owner), files.png(), 'b.png')).json<{ id: string }>().id;
      const open = (await h.upload(h.token(owner), files.jpeg(), 'c.jpg')).json<{ id: string }>().id;
      const closed = anApplication(owner);
      const running = anApplication(owner);
      const submittedAt = new Date();
      await h.publish(
        anEvent(
          'application.submitted',
          { ...closed, reference: 'ESS-R-1', documentIds: [attached] },
          submittedAt,
        ),
        anEvent(
          'application.submitted',
          { ...running, reference: 'ESS-R-2', documentIds: [open] },
          submittedAt,
        ),
      );
      await h.settle();
      await h.publish(anEvent('application.withdrawn', { ...closed, reference: 'ESS-R-1' }));
      await h.settle();
      const now = Date.now();

      await retention().run(new Date(now + 89 * DAY));
      expect([exists(attached), exists(loose), exists(open)]).toEqual([true, true, true]);

      // two runs at once (two replicas): each document is erased once, neither fails
      const [a, b] = await Promise.all([
        retention().run(new Date(now + 91 * DAY)),
        retention().run(new Date(now + 91 * DAY)),
      ]);
      expect(a + b).toBeGreaterThanOrEqual(1);
      expect([exists(attached), exists(loose), exists(open)]).toEqual([false, true, true]);
      const rows = await h.query(`SELECT id FROM ${h.table('documents')} WHERE id = $1`, [attached]);
      expect(rows).toEqual([]);
      expect(await retention().run(new Date(now + 91 * DAY))).toBe(0);

      await retention().run(new Date(now + 181 * DAY));
      expect([exists(loose), exists(open)]).toEqual([false, true]); // still part of an open application
      const erased = await h.query<{ target_id: string }>(
        `SELECT target_id FROM ${h.table('audit_log')} WHERE action = 'document.erased' AND target_id = ANY($1)`,
        [[attached, loose]],
      );
      expect(erased.map((r) => r.target_id).sort()).toEqual([attached, loose].sort());
    });

    it('a row whose file is already gone (a run died between the two steps) is erased by the next run', async () => {
      const owner = uuidv7();
      const id = (await h.upload(h.token(owner), files.pdf(), 'd.pdf')).json<{ id: string }>().id;
      await h.service.app.get(RetentionService)['storage'].delete(`uploads/${id}`);
      await retention().run(new Date(Date.now() + 181 * DAY));
      expect(await h.query(`SELECT id FROM ${h.table('documents')} WHERE id = $1`, [id])).toEqual([]);
    });

    it('identity.account-deleted erases uploads at once and keeps issued documents only for the legal period', async () => {
      const person = uuidv7();
      const upload = (await h.upload(h.token(person), files.pdf(), 'e.pdf')).json<{ id: string }>().id;
      const { application } = await decide(person, 'ESS-2026-000300');
      const letter = await issuedOf(person, application.applicationId);

      await h.publish(anEvent('identity.account-deleted', { userId: person }));
      await h.settle();
      expect(exists(upload)).toBe(false);
      expect(await h.query(`SELECT id FROM ${h.table('documents')} WHERE id = $1`, [upload])).toEqual([]);
      const [kept] = await h.query<{ owner_id: string | null }>(
        `SELECT owner_id FROM ${h.table('documents')} WHERE id = $1`,
        [letter.id],
      );
      expect(kept).toEqual({ owner_id: null });
      expect((await h.request('GET', `/verify/${letter.verificationCode}`)).json()).toMatchObject({
        valid: true,
      });

      await retention().run(new Date(Date.now() + 3649 * DAY));
      expect(existsSync(join(h.storageDir, 'issued', letter.id))).toBe(true);
      await retention().run(new Date(Date.now() + 3651 * DAY));
      expect(existsSync(join(h.storageDir, 'issued', letter.id))).toBe(false);
      expect((await h.request('GET', `/verify/${letter.verificationCode}`)).statusCode).toBe(404);
    });
  });
});
