import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { PROBLEM_CONTENT_TYPE } from '@buergeramt/contracts';
import { genericProblem } from '../errors/problem';

const DETAILS: Readonly<Record<number, string>> = {
  400: 'The request could not be read as HTTP.',
  408: 'The request did not arrive in time.',
  431: 'The request URL or headers are too large.',
};

/**
 * Fastify's `clientErrorHandler`: what Node's HTTP parser refuses before Fastify sees a request (a URL or
 * headers over 16 KB: 431, a malformed request: 400, a request that did not arrive in time: 408) is
 * answered as problem+json like every other error (Fastify's own answer is plain JSON), and the
 * connection is closed. Written to the socket directly: no hook runs for a request that was never read.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status =
    error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const body = JSON.stringify(genericProblem(status, DETAILS[status]));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy(error);
}
