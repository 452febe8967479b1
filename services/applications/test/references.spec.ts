import { Harness, validDraft } from './support/harness';

describe('references under concurrency (real Postgres)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.boot({ REFERENCE_PREFIX: 'TST', DATABASE_POOL_SIZE: '20' });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('gives 50 concurrent submits 50 distinct references without gaps', async () => {
    const citizens = Array.from({ length: 50 }, () => h.citizen());
    const drafts = await Promise.all(citizens.map((c) => validDraft(h, c.token)));
    // one submit that fails validation in between must not burn a number
    const broken = h.citizen();
    const brokenDraft = await validDraft(h, broken.token, { purpose: 'x' });
    const results = await Promise.all([
      // drafts[i] is citizens[i]'s (Promise.all keeps the order)
      ...drafts.map((id, i) => h.as(citizens[i]!.token, 'POST', `/applications/${id}/submit`)),
      h.as(broken.token, 'POST', `/applications/${brokenDraft}/submit`),
    ]);
    expect(results.slice(0, 50).map((r) => r.statusCode)).toEqual(Array.from({ length: 50 }, () => 200));
    expect(results[50]?.statusCode).toBe(422);
    const year = new Date().getFullYear();
    const numbers = results
      .slice(0, 50)
      .map((r) => r.json<{ reference: string }>().reference)
      .map((ref) => {
        expect(ref).toMatch(new RegExp(`^TST-${year}-\\d{6}$`));
        return Number(ref.slice(-6));
      })
      .sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });
});
