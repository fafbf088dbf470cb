#!/usr/bin/env node
// Launcher of the `rnn-studio` command: runs the JavaScript build of the CLI (dist/cli/, written at install by `prepare`).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/rnn-studio.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'rnn-studio: dist/cli/rnn-studio.js is missing; run `npm run build:cli` (npm install runs it through `prepare`).\n',
  );
  process.exit(1);
}
await import(entry.href);
