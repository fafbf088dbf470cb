/** The folder-level import graph of a source tree and its cycles: what the layering test checks core/ with. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** One folder importing another, with the files that do it. */
export interface FolderEdge {
  from: string;
  to: string;
  /** Importing files (relative to the root), each marked ' (type)' when the import is type-only. */
  files: string[];
}

/** A set of folders that import each other in a circle, and the imports that close it. */
export interface FolderCycle {
  folders: string[];
  edges: FolderEdge[];
}

// `import … from '…'`, `export … from '…'` (also across lines), `import '…'` and `import('…')`.
const IMPORT =
  /^[ \t]*(?:import|export)(\s+type)?\s+([^'";]*?)\s*from\s*['"]([^'"]+)['"]|^[ \t]*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;

/** The relative imports of one source file (static, re-exports, side-effect and dynamic), as written. */
export function relativeImports(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(IMPORT)) {
    const specifier = m[3] ?? m[4] ?? m[5];
    if (specifier?.startsWith('.')) out.push(specifier);
  }
  return out;
}

/** The TypeScript files under `dir`; tests only when `tests` is set, declaration files never. */
export function sourceFiles(dir: string, options: { tests?: boolean } = {}): string[] {
  const out: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name) && !/\.d\.tsx?$/.test(entry.name)) {
        if (options.tests === true || !/\.test\.tsx?$/.test(entry.name)) out.push(path);
      }
    }
  };
  walk(dir);
  return out;
}

/** One import or re-export of a file. */
export interface ImportOf {
  specifier: string;
  /** `import type`, or every imported name marked `type`. */
  typeOnly: boolean;
}

/** The imports of one file's source: static, re-exports, side-effect and dynamic. */
export function importsOf(source: string): ImportOf[] {
  return [...source.matchAll(IMPORT)].flatMap((m) => {
    const specifier = m[3] ?? m[4] ?? m[5];
    if (specifier === undefined) return [];
    const typeOnly = m[4] === undefined && m[5] === undefined && isTypeOnly(m[1], m[2] ?? '');
    return [{ specifier, typeOnly }];
  });
}

function isTypeOnly(typeKeyword: string | undefined, clause: string): boolean {
  if (typeKeyword !== undefined) return true;
  const braces = /^\{([\s\S]*)\}$/.exec(clause.trim());
  if (braces === null) return false;
  const names = (braces[1] as string)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return names.length > 0 && names.every((s) => s.startsWith('type '));
}

/**
 * The folder-level graph of `root`: a node per folder (`kernels/js`), except that files directly
 * in `root` are each their own node (`index.ts` on top of everything, `errors.ts` below it).
 * Every relative import of a non-test source file is an edge, `import type` included.
 */
export function folderGraph(root: string): FolderEdge[] {
  const nodeOf = (file: string): string => {
    const folder = relative(root, dirname(file));
    return folder === '' ? relative(root, file) : folder;
  };
  const edges = new Map<string, FolderEdge>();
  for (const file of sourceFiles(root)) {
    const from = nodeOf(file);
    for (const { specifier, typeOnly } of importsOf(readFileSync(file, 'utf8'))) {
      if (!specifier.startsWith('.')) continue;
      const to = nodeOf(resolve(dirname(file), specifier));
      if (to === from || to.startsWith('..')) continue;
      const key = `${from}\n${to}`;
      const edge = edges.get(key) ?? { from, to, files: [] };
      edge.files.push(`${relative(root, file)}${typeOnly ? ' (type)' : ''}`);
      edges.set(key, edge);
    }
  }
  return [...edges.values()];
}

/**
 * The imports from files under `root/from` (tests included) that resolve under `root/to`, each as
 * `<file> → <specifier>`, relative to `root`.
 */
export function importsBetween(root: string, from: string, to: string): string[] {
  const target = resolve(root, to);
  const found: string[] = [];
  for (const file of sourceFiles(join(root, from), { tests: true })) {
    for (const { specifier } of importsOf(readFileSync(file, 'utf8'))) {
      if (!specifier.startsWith('.')) continue;
      const rel = relative(target, resolve(dirname(file), specifier));
      if (!rel.startsWith('..')) found.push(`${relative(root, file)} → ${specifier}`);
    }
  }
  return found;
}

/** The cycles of the graph: its strongly connected components of two folders or more (Tarjan). */
export function folderCycles(edges: readonly FolderEdge[]): FolderCycle[] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) {
    next.set(from, [...(next.get(from) ?? []), to]);
    if (!next.has(to)) next.set(to, []);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: FolderCycle[] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v) as number);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const folders: string[] = [];
    let w: string;
    do {
      w = stack.pop() as string;
      onStack.delete(w);
      folders.push(w);
    } while (w !== v);
    if (folders.length < 2) return;
    folders.sort();
    const inside = edges
      .filter((e) => folders.includes(e.from) && folders.includes(e.to))
      .sort((a, b) => `${a.from} ${a.to}`.localeCompare(`${b.from} ${b.to}`));
    cycles.push({ folders, edges: inside });
  };
  for (const v of next.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

/** One line per cycle and one per import closing it, naming a file that makes each import. */
export function describeCycles(cycles: readonly FolderCycle[]): string {
  return cycles
    .map((c) =>
      [
        `cycle: ${c.folders.join(' ↔ ')}`,
        ...c.edges.map(
          (e) => `  ${e.from} → ${e.to} (${e.files[0]}${e.files.length > 1 ? ', …' : ''})`,
        ),
      ].join('\n'),
    )
    .join('\n');
}
