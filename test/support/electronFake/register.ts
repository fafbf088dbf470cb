/** Loaded with --import into the harness child: makes `import 'electron'` resolve to the fake (the built electron.mjs beside this file). */
import Module, { register } from 'node:module';
import { fileURLToPath } from 'node:url';

// NOTE: the harness builds the fake into one folder (bootHarness.ts buildFake), so the fake module
// is electron.mjs beside this file once built.
register('./hooks.mjs', import.meta.url, {
  data: { fake: new URL('./electron.mjs', import.meta.url).href },
});

// NOTE: Node 20's module hooks do not see require() from CommonJS code (electron-updater is
// bundled as CommonJS and requires 'electron' at run time); Electron answers that require with
// its built-in module, the harness with the same fake object (electron-cjs.cjs).
const cjsFake = fileURLToPath(new URL('./electron-cjs.cjs', import.meta.url));
const resolver = Module as unknown as {
  _resolveFilename: (request: string, ...rest: unknown[]) => string;
};
const resolveFilename = resolver._resolveFilename;
resolver._resolveFilename = (request, ...rest) =>
  request === 'electron' ? cjsFake : resolveFilename(request, ...rest);
