import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GatewayConfig } from '../config/gateway.config';
import { setRouteLabel } from '../metrics/route-label';
import { problemFor, sendProblem } from '../problem/send-problem';
import { lookUpCompressed, replyWithVariant } from '../static/send-file';
import { notBuiltPage, type SpaDescription } from './not-built-page';

interface Spa extends SpaDescription {
  /** Where it is mounted, with a trailing slash. */
  mount: string;
  dist: string;
}

/** Content-hashed build output (Vite's `assets/`, or a hash in the name) never changes: cache it for a year. */
const HASHED = /(^|\/)assets\/|[.-][A-Za-z0-9_-]{8,}\.[A-Za-z0-9]+$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html and unhashed files are revalidated on every use (ETag), so a deploy shows at once. */
const REVALIDATE = 'no-cache';

/** Paths below `/` that belong to the gateway, never to the citizen app's history fallback. */
const RESERVED = /^(api|health|metrics|openapi\.json)(\/|$)/;

/** The last segment has an extension: a file, whose absence is a 404 rather than an app route. */
const looksLikeFile = (path: string): boolean => /\.[^/]+$/.test(path);

/**
 * Serves the built single-page apps: the citizen app at `/` and the back-office at `/backoffice/`,
 * with history fallback (an unknown path that is not a file gets the app's index.html).
 */
@Injectable()
export class SpaService {
  private readonly citizen: Spa;
  private readonly backoffice: Spa;

  constructor(config: GatewayConfig) {
    this.citizen = {
      project: 'citizen',
      nameDe: 'Die Bürger-App',
      nameEn: 'The citizen app',
      variable: 'CITIZEN_DIST',
      mount: '/',
      dist: config.CITIZEN_DIST,
    };
    this.backoffice = {
      project: 'backoffice',
      nameDe: 'Die Sachbearbeitungs-App',
      nameEn: 'The back-office app',
      variable: 'BACKOFFICE_DIST',
      mount: '/backoffice/',
      dist: config.BACKOFFICE_DIST,
    };
  }

  register(app: FastifyInstance): void {
    app.get('/backoffice', (request, reply) => {
      const url = request.raw.url ?? '';
      const query = url.includes('?') ? url.slice(url.indexOf('?')) : '';
      setRouteLabel(request, 'spa:backoffice');
      return reply.redirect(`/backoffice/${query}`, 301);
    });
    app.get('/backoffice/*', (request, reply) => this.serve(this.backoffice, request, reply));
    app.get('/*', (request, reply) => this.serve(this.citizen, request, reply));
  }

  private async serve(spa: Spa, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const url = request.raw.url ?? '/';
    const pathname = url.split('?')[0] ?? '/';
    const relative = pathname.slice(spa.mount.length);
    if (spa === this.citizen && RESERVED.test(relative)) {
      return sendProblem(reply, problemFor(reply, 404, 'There is nothing at this address.'));
    }
    setRouteLabel(request, `spa:${spa.project}`);
    if (!(await this.isBuilt(spa))) {
      return reply
        .code(503)
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('retry-after', 60)
        .send(notBuiltPage(spa));
    }
    if (relative === '' || relative.endsWith('/')) return this.index(spa, request, reply);

    const found = await lookUpCompressed(request, spa.dist, `/${relative}`);
    const { result } = found;
    switch (result.type) {
      case 'file':
        return replyWithVariant(reply, found, `/${relative}`, HASHED.test(relative) ? IMMUTABLE : REVALIDATE);
      case 'directory':
        return this.index(spa, request, reply);
      case 'error':
        if (result.statusCode === 404 && !looksLikeFile(relative)) return this.index(spa, request, reply);
        return sendProblem(
          reply,
          problemFor(reply, result.statusCode === 400 ? 400 : 404, 'There is nothing at this address.'),
        );
    }
  }

  private async index(spa: Spa, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const found = await lookUpCompressed(request, spa.dist, '/index.html');
    if (found.result.type !== 'file') {
      return sendProblem(reply, problemFor(reply, 404, 'There is nothing at this address.'));
    }
    return replyWithVariant(reply, found, '/index.html', REVALIDATE);
  }

  /** Checked on every request (one stat), so an app built while the gateway runs is served at once. */
  private async isBuilt(spa: Spa): Promise<boolean> {
    try {
      return (await stat(join(spa.dist, 'index.html'))).isFile();
    } catch {
      return false;
    }
  }
}
