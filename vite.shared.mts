// Shared Vite settings of the two SPAs (frontends/citizen at `/`, frontends/backoffice at `/backoffice/`):
// Vue, locale messages precompiled at build time (no message compiler and no eval in the browser: the
// gateway's CSP is `script-src 'self'`), the workspace libraries from their sources, and for `npm run dev`
// a dev server with hot reload that proxies `/api` to the running platform (API_PROXY_TARGET).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import VueI18nPlugin from '@intlify/unplugin-vue-i18n/vite';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin, UserConfig } from 'vite';
import { workspaceAliases } from './vitest.shared.mts';

const root = path.dirname(fileURLToPath(import.meta.url));

export interface SpaOptions {
  /** Folder of the app (its vite.config.mts's directory). */
  dir: string;
  /** Where the gateway serves it: '/' or '/backoffice/'. */
  base: string;
  /** Port of `vite` (npm run dev). */
  devPort: number;
}

export function i18nPlugin(dir: string) {
  return VueI18nPlugin({
    include: [path.join(dir, 'src/**/locales/*.json'), path.join(root, 'libs/ui/src/i18n/*.json')],
    runtimeOnly: true,
    compositionOnly: true,
    fullInstall: false,
    dropMessageCompiler: true,
    strictMessage: true,
    escapeHtml: false,
  });
}

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map)$/;

/**
 * Writes `<file>.br` and `<file>.gz` beside every compressible file of the build (≥ 1 KiB), compressed
 * once at the highest levels; the gateway serves them to browsers that accept them, so no CPU is spent
 * compressing per request.
 */
export function precompress(): Plugin {
  let outDir = '';
  const brotli = promisify(brotliCompress);
  const gz = promisify(gzip);
  async function* files(dir: string): AsyncGenerator<string> {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) yield* files(full);
      else if (COMPRESSIBLE.test(entry.name)) yield full;
    }
  }
  return {
    name: 'buergeramt-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle(error?: Error) {
      if (error) return; // a failed build has nothing to compress
      for await (const file of files(outDir)) {
        if ((await stat(file)).size < 1024) continue;
        const body = await readFile(file);
        await writeFile(
          `${file}.br`,
          await brotli(body, {
            params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
          }),
        );
        await writeFile(`${file}.gz`, await gz(body, { level: 9 }));
      }
    },
  };
}

/**
 * What every app's index.html carries in its head, injected here so the apps cannot drift apart: the
 * city's colours (city configuration, served by the gateway) before any script runs; the configuration
 * preloaded while the script loads, so the first frame already carries the city's name; the text font
 * (Latin) preloaded, so the first frame is drawn in it rather than re-flowed when it arrives. Runs before
 * Vite reads the page, so the font's path becomes the built asset's (`vite-ignore` keeps the API paths).
 */
export function cityHead(): Plugin {
  return {
    name: 'buergeramt-city-head',
    transformIndexHtml: {
      order: 'pre',
      handler: () => [
        {
          tag: 'link',
          attrs: { rel: 'stylesheet', href: '/api/v1/config/theme.css', 'vite-ignore': true },
          injectTo: 'head',
        },
        {
          tag: 'link',
          attrs: {
            rel: 'preload',
            href: '/api/v1/config/public',
            as: 'fetch',
            crossorigin: 'anonymous',
            'vite-ignore': true,
          },
          injectTo: 'head',
        },
        {
          tag: 'link',
          attrs: {
            rel: 'preload',
            href: '../../node_modules/@fontsource-variable/source-sans-3/files/source-sans-3-latin-wght-normal.woff2',
            as: 'font',
            type: 'font/woff2',
            crossorigin: 'anonymous',
          },
          injectTo: 'head',
        },
      ],
    },
  };
}

export function spaConfig(options: SpaOptions): UserConfig {
  const apiTarget = process.env.API_PROXY_TARGET ?? 'http://127.0.0.1:8080';
  return {
    root: options.dir,
    base: options.base,
    plugins: [vue(), i18nPlugin(options.dir), cityHead(), precompress()],
    resolve: { alias: workspaceAliases },
    build: {
      outDir: path.join(options.dir, 'dist'),
      emptyOutDir: true,
      target: 'es2022',
      // fonts and images as files: the CSP allows fonts from 'self' only, not data: URLs
      assetsInlineLimit: 0,
      reportCompressedSize: false,
      // the precompression runs after the bundle on purpose; its time is not a slow plugin
      rolldownOptions: { checks: { bundlerTimings: false } },
    },
    server: {
      port: options.devPort,
      strictPort: true,
      proxy: { '/api': { target: apiTarget, changeOrigin: false } },
    },
  };
}
