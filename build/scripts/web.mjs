/** `npm run web`: builds the web-mode bundle and serves it, cross-origin isolated, on 127.0.0.1. */
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { requireGeneratedKernels } from './generatedKernels.mjs';
import { startStaticServer } from './serveStatic.mjs';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const outDir = fileURLToPath(new URL('../../out/web', import.meta.url));

/** Reads the port from `--port N` or PORT; 5180 when neither is given (0 picks a free port). */
function readPort(argv, env) {
  const flag = argv.indexOf('--port');
  const raw = flag >= 0 ? argv[flag + 1] : env.PORT;
  if (raw === undefined) return 5180;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`web: port must be an integer from 0 to 65535, got '${raw}'.`);
  }
  return port;
}

const port = readPort(process.argv.slice(2), process.env);
requireGeneratedKernels('web');
await build({
  configFile: fileURLToPath(new URL('../../vite.web.config.ts', import.meta.url)),
  root: fileURLToPath(new URL('../../renderer', import.meta.url)),
  build: { outDir },
  logLevel: 'warn',
});
const server = await startStaticServer({ root: outDir, host: '127.0.0.1', port });
console.log(`RNN Studio (web mode) built from ${repoRoot} and serving ${outDir}`);
console.log(`Open ${server.url}  (Ctrl+C to stop)`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    server.close().then(
      () => process.exit(0),
      (err) => {
        console.error('web: the server did not close cleanly.', err);
        process.exit(1);
      },
    );
  });
}
