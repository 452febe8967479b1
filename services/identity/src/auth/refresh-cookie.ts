import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseCookies, serializeCookie } from '../common/cookies';
import { IdentityConfig } from '../config';

/**
 * The refresh token cookie: httpOnly (no script reads it), Secure (COOKIE_SECURE), SameSite=Strict (never
 * sent by cross-site requests) and limited to REFRESH_COOKIE_PATH, the public auth path.
 */
@Injectable()
export class RefreshCookie {
  constructor(private readonly config: IdentityConfig) {}

  read(request: FastifyRequest): string | undefined {
    const value = parseCookies(request.headers.cookie)[this.config.REFRESH_COOKIE_NAME];
    return value === undefined || value === '' ? undefined : value;
  }

  set(reply: FastifyReply, token: string, expiresAt: Date): void {
    void reply.header(
      'set-cookie',
      serializeCookie(this.config.REFRESH_COOKIE_NAME, token, {
        httpOnly: true,
        secure: this.config.COOKIE_SECURE,
        sameSite: 'strict',
        path: this.config.REFRESH_COOKIE_PATH,
        expires: expiresAt,
      }),
    );
  }

  clear(reply: FastifyReply): void {
    void reply.header(
      'set-cookie',
      serializeCookie(this.config.REFRESH_COOKIE_NAME, '', {
        httpOnly: true,
        secure: this.config.COOKIE_SECURE,
        sameSite: 'strict',
        path: this.config.REFRESH_COOKIE_PATH,
        expires: new Date(0),
      }),
    );
  }
}
