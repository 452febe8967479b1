import fastifyMultipart from '@fastify/multipart';
import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { DocumentsConfig } from '../config';

/** Parts a request to POST /documents may carry besides the file (none are used; a few are tolerated). */
const MAX_FIELDS = 5;

/**
 * Registers @fastify/multipart on this app's Fastify instance while the app is being built (before Nest
 * registers its routes and before Fastify boots), so that main.ts and the tests, which both build the app
 * through the platform's createApp, run the same wiring. The parser only streams: nothing buffers a
 * file (`attachFieldsToBody` stays off), and busboy stops counting one byte past UPLOAD_MAX_BYTES.
 * How a body that breaks off is noticed and cleaned up: `upload-body.ts`.
 */
@Injectable()
export class MultipartRegistrar {
  constructor(adapterHost: HttpAdapterHost, config: DocumentsConfig) {
    const fastify = adapterHost.httpAdapter.getInstance<FastifyInstance>();
    void fastify.register(fastifyMultipart, {
      limits: {
        fileSize: config.UPLOAD_MAX_BYTES + 1,
        files: 1,
        fields: MAX_FIELDS,
        fieldSize: 1024,
        parts: MAX_FIELDS + 1,
        headerPairs: 100,
      },
      // we count bytes ourselves and answer 413 with problem+json
      throwFileSizeLimit: false,
    });
    // A 408 answers a body that stalled half-way: its connection can never carry another request, so
    // it is closed once the answer is out instead of waiting for the rest (or the keep-alive timeout).
    fastify.addHook('onSend', async (_request, reply, payload) => {
      if (reply.statusCode === 408) void reply.header('connection', 'close');
      return payload;
    });
  }
}
