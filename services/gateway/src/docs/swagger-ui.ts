import { dirname } from 'node:path';

/** Where swagger-ui-dist's files are; they are served from the gateway itself, never from a CDN. */
export const SWAGGER_UI_ROOT = dirname(require.resolve('swagger-ui-dist/package.json'));

/** The files of swagger-ui-dist the docs page may load (nothing else from that folder is served). */
export const SWAGGER_UI_ASSETS: ReadonlySet<string> = new Set([
  'swagger-ui.css',
  'swagger-ui.css.map',
  'index.css',
  'swagger-ui-bundle.js',
  'swagger-ui-bundle.js.map',
  'favicon-16x16.png',
  'favicon-32x32.png',
]);

export const DOCS_PATH = '/api/docs';
export const DOCS_JSON_PATH = '/api/docs-json';
export const INITIALIZER_FILE = 'swagger-initializer.js';

/** The docs page: no inline script or style, so it works under the gateway's Content-Security-Policy. */
export const SWAGGER_UI_HTML = `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API – Digitales Bürgeramt</title>
<link rel="stylesheet" href="${DOCS_PATH}/swagger-ui.css">
<link rel="stylesheet" href="${DOCS_PATH}/index.css">
<link rel="icon" type="image/png" href="${DOCS_PATH}/favicon-32x32.png" sizes="32x32">
<link rel="icon" type="image/png" href="${DOCS_PATH}/favicon-16x16.png" sizes="16x16">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${DOCS_PATH}/swagger-ui-bundle.js"></script>
<script src="${DOCS_PATH}/${INITIALIZER_FILE}"></script>
</body>
</html>
`;

/** Served as a file, as the CSP allows no inline scripts. `validatorUrl: null`: no call to swagger.io. */
export const SWAGGER_UI_INITIALIZER = `'use strict';
window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '${DOCS_JSON_PATH}',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    persistAuthorization: false,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;
