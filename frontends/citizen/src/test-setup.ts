// Vitest setup of the citizen app's tests (vitest.config.mts).
import { loadAllMessages } from './i18n';

// The API client builds Requests with the page-relative paths a browser resolves against the page
// (`/api/v1/...`); Node's Request (which jsdom tests use) refuses relative URLs, so resolve them here.
const NodeRequest = globalThis.Request;
globalThis.Request = class PageRequest extends NodeRequest {
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    super(typeof input === 'string' ? new URL(input, window.location.href).href : input, init);
  }
};

// every journey's texts, which the app loads with the journey's first page
await loadAllMessages();
