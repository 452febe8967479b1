import { defineConfig } from 'vitest/config';
import { vitestConfig } from '../../vitest.shared.mts';

export default defineConfig(vitestConfig('api-client'));
