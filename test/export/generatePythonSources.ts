/** Writes core/io/export/pythonSources.generated.ts from the Python files in core/io/export/python/ (run: npx tsx test/export/generatePythonSources.ts). */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const exportDir = join(import.meta.dirname, '..', '..', 'core', 'io', 'export');
const pythonDir = join(exportDir, 'python');

/** The generated module's text for the current Python files (sorted by name). */
export function pythonSourcesModule(): string {
  const names = readdirSync(pythonDir)
    .filter((n) => n.endsWith('.py'))
    .sort();
  const entries = names.map(
    (n) => `  ${JSON.stringify(n)}: ${JSON.stringify(readFileSync(join(pythonDir, n), 'utf8'))},`,
  );
  return [
    '/** The Python files of the PyTorch export folder, generated from core/io/export/python/*.py by test/export/generatePythonSources.ts: edit those, then regenerate. */',
    'export const PYTHON_SOURCES: Readonly<Record<string, string>> = {',
    ...entries,
    '};',
    '',
  ].join('\n');
}

/** Where the generated module lives. */
export const generatedPath = join(exportDir, 'pythonSources.generated.ts');

if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) {
  writeFileSync(generatedPath, pythonSourcesModule());
  process.stdout.write(`wrote ${generatedPath}\n`);
}
