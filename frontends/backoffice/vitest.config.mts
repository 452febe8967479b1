import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { i18nPlugin } from '../../vite.shared.mts';
import { vitestConfig } from '../../vitest.shared.mts';

const dir = path.dirname(fileURLToPath(import.meta.url));
const base = vitestConfig('backoffice', { test: { setupFiles: [path.join(dir, 'src/test-setup.ts')] } });
export default defineConfig({ ...base, plugins: [...(base.plugins ?? []), i18nPlugin(dir)] });
