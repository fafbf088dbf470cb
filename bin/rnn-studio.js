#!/usr/bin/env node
// Launcher of the `rnn-studio` command: runs the JavaScript build of the CLI (dist/cli/, written at install by `prepare`), rebuilding it first when a source file is newer.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const entry = new URL('dist/cli/rnn-studio.js', root);
const builder = new URL('build/scripts/buildCli.mjs', root);

/** Why the build is out of date (a source file changed after it, or its list is missing), or null. */
function staleness() {
  const list = new URL('dist/cli/inputs.json', root);
  if (!existsSync(list)) return 'dist/cli/inputs.json is missing';
  const built = statSync(entry).mtimeMs;
  const changed = JSON.parse(readFileSync(list, 'utf8')).find((path) => {
    const file = new URL(path, root);
    return existsSync(file) && statSync(file).mtimeMs > built;
  });
  return changed === undefined ? null : `${changed} changed after the last build`;
}

/** Runs build/scripts/buildCli.mjs; exits with its status when it fails. */
function rebuild(why) {
  process.stderr.write(`rnn-studio: ${why}; rebuilding (npm run build:cli).\n`);
  const result = spawnSync(process.execPath, [fileURLToPath(builder)], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!existsSync(entry)) {
  if (!existsSync(builder)) {
    process.stderr.write(
      'rnn-studio: dist/cli/rnn-studio.js is missing; run `npm run build:cli`.\n',
    );
    process.exit(1);
  }
  rebuild('dist/cli/rnn-studio.js is missing');
} else if (existsSync(builder)) {
  const why = staleness();
  if (why !== null) rebuild(why);
}
await import(entry.href);
