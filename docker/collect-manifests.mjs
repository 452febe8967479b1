// Manifests stage of docker/Dockerfile: copies what `npm ci` needs and nothing else, keeping paths:
// package.json, package-lock.json, .npmrc (if any) and the package.json of every npm workspace.
// Workspaces are read from the root package.json ("libs/*" style globs or plain folders), so a new
// workspace folder needs no change here.
//
//   node docker/collect-manifests.mjs <repository> <output>
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

const [src, out] = process.argv.slice(2);
if (!src || !out) {
  console.error('usage: node docker/collect-manifests.mjs <repository> <output>');
  process.exit(64);
}

const copy = (relative) => {
  mkdirSync(dirname(join(out, relative)), { recursive: true });
  copyFileSync(join(src, relative), join(out, relative));
};

const root = JSON.parse(readFileSync(join(src, 'package.json'), 'utf8'));
copy('package.json');
copy('package-lock.json');
if (existsSync(join(src, '.npmrc'))) copy('.npmrc');

const patterns = Array.isArray(root.workspaces) ? root.workspaces : (root.workspaces?.packages ?? []);
const folders = patterns.flatMap((pattern) => {
  if (!pattern.endsWith('/*')) return [pattern];
  const parent = pattern.slice(0, -2);
  if (!existsSync(join(src, parent))) return [];
  return readdirSync(join(src, parent))
    .filter((name) => statSync(join(src, parent, name)).isDirectory())
    .map((name) => `${parent}/${name}`);
});
for (const folder of folders) {
  if (existsSync(join(src, folder, 'package.json'))) copy(`${folder}/package.json`);
}
