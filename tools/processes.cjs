// The processes of a running platform (tools/start.mjs starts each service as `node … services/<name>/dist/main.js`).
// CommonJS, so that the Jest suites (compiled to CommonJS) can require it as well as tools/stack.mjs.
'use strict';
const { readdir, readFile } = require('node:fs/promises');
const path = require('node:path');

/** The pid of `service`'s process among the children of `parentPid` (Linux /proc), or null. */
async function servicePid(parentPid, service) {
  const main = `${path.sep}services${path.sep}${service}${path.sep}dist${path.sep}main.js`;
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …: comm may hold spaces and parentheses, so read after the last ')'
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== parentPid) continue;
      const cmdline = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).split('\0');
      if (cmdline.some((arg) => arg.endsWith(main))) return Number(entry);
    } catch {
      // the process ended meanwhile
    }
  }
  return null;
}

module.exports = { servicePid };
