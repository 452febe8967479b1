import { defineConfig } from 'vitest/config';
import { vitestConfig } from '../../vitest.shared.mts';

// tokens.css is processed (not emptied) so index.spec.ts can read it with `?raw`
export default defineConfig(vitestConfig('ui', { test: { css: { include: [/tokens\.css/] } } }));
