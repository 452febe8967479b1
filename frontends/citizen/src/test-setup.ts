// Vitest setup of the citizen app's tests (vitest.config.mts; page-relative requests: vitest.setup.mts).
import { loadAllMessages } from './i18n';

// every journey's texts, which the app loads with the journey's first page
await loadAllMessages();
