/** Finds test-only code in built bundles: the runtime names test/support/ and renderer/app/testHooks.ts export or install, searched in every JavaScript file of a build folder. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const support = join(root, 'test/support');
const testHooks = join(root, 'renderer/app/testHooks.ts');

const EXPORTED = /^export\s+(?:async\s+)?(?:function\*?|const|let|class)\s+([A-Za-z_$][\w$]*)/gm;

function exportedNames(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(EXPORTED)].map((m) => m[1] as string);
}

/**
 * The names whose presence in a bundle means test-only code shipped:
 * - every function, constant and class exported by a file of test/support/;
 * - of test/support/electronFake/, its own `Fake…` classes (its other exports mirror the names of
 *   Electron's API, which main uses for real);
 * - of renderer/app/testHooks.ts (the web build's test-only entry), the functions it declares,
 *   the `window` properties it installs and the URL switches it reads, since it exports none.
 */
export function testHelperNames(): string[] {
  const names = new Set<string>();
  for (const entry of readdirSync(support, { withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts')) {
      for (const name of exportedNames(join(support, entry.name))) names.add(name);
    }
  }
  for (const file of readdirSync(join(support, 'electronFake'))) {
    if (!file.endsWith('.ts')) continue;
    for (const name of exportedNames(join(support, 'electronFake', file))) {
      if (name.startsWith('Fake')) names.add(name);
    }
  }
  const hooks = readFileSync(testHooks, 'utf8');
  for (const m of hooks.matchAll(/^function\s+([A-Za-z_$][\w$]*)/gm)) names.add(m[1] as string);
  for (const m of hooks.matchAll(/__studio[\w$]+/g)) names.add(m[0]);
  for (const m of hooks.matchAll(/'(e2e-[\w-]+)'/g)) names.add(m[1] as string);
  return [...names].sort();
}

function scriptFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) scriptFiles(path, out);
    else if (/\.(m|c)?js$/.test(entry.name)) out.push(path);
  }
  return out;
}

/**
 * Every `file: name` where a test helper's name appears as a whole identifier or word in a
 * JavaScript file under `dir` (a build folder); empty when the build holds no test-only code.
 */
export function testHelpersIn(dir: string, names: readonly string[] = testHelperNames()): string[] {
  const pattern = new RegExp(`(?<![\\w$-])(${names.join('|')})(?![\\w$-])`, 'g');
  const hits = new Set<string>();
  for (const file of scriptFiles(dir)) {
    for (const m of readFileSync(file, 'utf8').matchAll(pattern)) {
      hits.add(`${relative(dir, file)}: ${m[1]}`);
    }
  }
  return [...hits].sort();
}
