import { fastifyCookie, type SerializeOptions } from '@fastify/cookie';

/** Cookie parsing and serialising (the functions of @fastify/cookie, without registering the plugin). */
export function parseCookies(header: string | undefined): Record<string, string> {
  return typeof header === 'string' ? fastifyCookie.parse(header) : {};
}

export function serializeCookie(name: string, value: string, options: SerializeOptions): string {
  return fastifyCookie.serialize(name, value, options);
}
