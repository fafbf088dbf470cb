/** Loaded with --import into the harness child: makes `import 'electron'` resolve to the fake (the built electron.mjs beside this file). */
import { register } from 'node:module';

// NOTE: the harness builds the fake into one folder (bootHarness.ts buildFake), so the fake module
// is electron.mjs beside this file once built.
register('./hooks.mjs', import.meta.url, {
  data: { fake: new URL('./electron.mjs', import.meta.url).href },
});
