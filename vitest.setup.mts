// Setup of every browser project's Vitest run (vitest.shared.mts adds it). The apps' API client builds
// Requests with the page-relative paths a browser resolves against the page (`/api/v1/...`); Node's
// Request (which the jsdom tests use) refuses relative URLs, so they are resolved against the page here.
const NodeRequest = globalThis.Request;
globalThis.Request = class PageRequest extends NodeRequest {
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    super(typeof input === 'string' ? new URL(input, window.location.href).href : input, init);
  }
};
