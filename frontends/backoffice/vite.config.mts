import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { spaConfig } from '../../vite.shared.mts';

export default defineConfig(
  spaConfig({ dir: path.dirname(fileURLToPath(import.meta.url)), base: '/backoffice/', devPort: 5174 }),
);
