import { ok, type Schema } from '@buergeramt/api-client';
import { api } from '../../services/api';

export type Verification = Schema<'VerificationDto'>;

/**
 * What the city says about the document with this code: validity, type, date, issuer, its SHA-256 and
 * signature, never anything about the person. An unknown code is 404 `not-found`.
 */
export function verifyDocument(code: string): Promise<Verification> {
  return ok(api.GET('/api/v1/verify/{code}', { params: { path: { code } } }));
}
