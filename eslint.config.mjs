// Flat ESLint config for the whole workspace. Each project's eslint.config.mjs re-exports this one.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import pluginVue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
// DESIGN.md's import rules, shared with the test that proves a forbidden import fails lint.
const moduleBoundaries = JSON.parse(readFileSync(join(root, 'tools/eslint/module-boundaries.json'), 'utf8'));

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/coverage/**',
      // plain-JS configs (jest.config.js and the like); .mjs and .cjs scripts are linted (block below)
      '**/*.js',
      '**/*.d.mts',
      // build-tool configs run in Node, outside the browser projects' tsconfig (no DOM/Node mix)
      '**/vite.config.mts',
      '**/vitest.config.mts',
      'vitest.shared.mts',
      'vitest.setup.mts',
      'vite.shared.mts',
      // generated from the API's OpenAPI document (npm run api:generate), never edited by hand
      'libs/api-client/src/schema.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  // Vue single-file components: the template rules of eslint-plugin-vue, the script parsed by
  // typescript-eslint with the same type information as the .ts files around it
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' },
      globals: { window: 'readonly', document: 'readonly', navigator: 'readonly', console: 'readonly' },
    },
  },
  {
    files: ['**/*.ts', '**/*.vue'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: root, extraFileExtensions: ['.vue'] },
    },
    plugins: { '@nx': nx },
    rules: {
      // DESIGN.md's import rules, enforced: a service imports libs, never another service; libs never
      // import services; SPAs import only universal libs (contracts, api-client, ui); the universal
      // contracts lib imports nothing Node-only; shipped code never imports the test infrastructure.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: moduleBoundaries.depConstraints,
        },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name=/^(it|describe|test)$/][callee.property.name='only']",
          message: 'No .only in committed tests.',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@buergeramt/*/src/*', '@buergeramt/*/src'],
              message: 'Import the library by its name, not its files.',
            },
          ],
        },
      ],
    },
  },
  {
    // Shipped service and library code must not pull in the test infrastructure.
    files: ['services/**/src/**/*.ts', 'libs/{contracts,platform,messaging}/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@buergeramt/testing', message: 'Test infrastructure belongs in tests only.' }],
          patterns: [
            {
              group: ['@buergeramt/*/src/*', '@buergeramt/*/src'],
              message: 'Import the library by its name, not its files.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // tests of shared libraries may use the test infrastructure; shipped code may not (rule above)
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: moduleBoundaries.depConstraints.filter(
            (c) => !(c.notDependOnLibsWithTags ?? []).includes('scope:testing'),
          ),
        },
      ],
    },
  },
  {
    // the platform's scripts in plain JavaScript (tools/, bench/, the e2e support): the recommended rules
    // without type information, for Node
    files: ['**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { ecmaVersion: 2024, globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
