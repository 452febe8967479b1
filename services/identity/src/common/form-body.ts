import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

/**
 * Parses application/x-www-form-urlencoded bodies (the OAuth token endpoint, RFC 6749) into a plain
 * object of strings; a repeated field keeps its first value. Fastify has no parser of its own for them.
 */
@Injectable()
export class FormBodyParser implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    if (fastify.hasContentTypeParser('application/x-www-form-urlencoded')) return;
    fastify.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_request, body: string, done) => {
        const fields: Record<string, string> = {};
        for (const [key, value] of new URLSearchParams(body)) if (!(key in fields)) fields[key] = value;
        done(null, fields);
      },
    );
  }
}
