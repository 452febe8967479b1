export interface SpaDescription {
  /** Nx project name, e.g. `citizen`. */
  project: string;
  nameDe: string;
  nameEn: string;
  /** The config variable naming its dist folder. */
  variable: string;
}

/**
 * The page answered (503) where a single-page app has not been built: self-contained (no scripts, no
 * styles, nothing external), German first, then English. The API keeps working without the apps.
 */
export function notBuiltPage(spa: SpaDescription): string {
  const build = `npx nx build ${spa.project}`;
  return `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${spa.nameDe} ist nicht gebaut – ${spa.nameEn} is not built</title>
</head>
<body>
<main>
<h1>${spa.nameDe} ist noch nicht gebaut</h1>
<p>Das Gateway läuft, aber die Dateien dieser Anwendung fehlen. Bauen Sie sie im Projektverzeichnis mit
<code>${build}</code> (oder alles mit <code>npm run build</code>) und laden Sie die Seite neu.
Liegt der Build an einem anderen Ort, geben Sie ihn mit der Umgebungsvariablen <code>${spa.variable}</code> an.</p>
<p>Die Programmierschnittstelle funktioniert auch ohne diese Anwendung: <a href="/api/docs">API-Dokumentation</a>.</p>
<div lang="en">
<h2>${spa.nameEn} has not been built yet</h2>
<p>The gateway is running, but this app's files are missing. Build it in the repository with
<code>${build}</code> (or everything with <code>npm run build</code>) and reload this page.
If the build lives elsewhere, point the <code>${spa.variable}</code> environment variable at it.</p>
<p>The API works without this app: <a href="/api/docs">API documentation</a>.</p>
</div>
</main>
</body>
</html>
`;
}
