/** Derived columns: a new numeric column computed row by row from two others (e.g. a day's range, High − Low). */

import { z } from 'zod';
import { ConfigError, DatasetError } from '../errors.ts';
import { isMissing, parseNumber } from './columnTypes.ts';
import type { Table } from './table.ts';

/** The arithmetic a derived column applies to its two source columns, row by row. */
export const derivedOpSchema = z.enum(['subtract', 'add', 'multiply', 'divide']);
export type DerivedOp = z.infer<typeof derivedOpSchema>;

/**
 * forecast: a column computed per row from two numeric columns (`left op right`), e.g. a day's
 * trading range `High − Low`. A row where either source is missing, or a division by zero, gives
 * a missing value (handled like any other). Usable as the target or a feature.
 */
export const derivedColumnSchema = z
  .object({
    /** The new column's name; must differ from the file's columns. */
    name: z.string().trim().min(1),
    op: derivedOpSchema,
    /** Source columns: a column of the file or an earlier derived column. */
    left: z.string().min(1),
    right: z.string().min(1),
  })
  .strict();
export type DerivedColumn = z.infer<typeof derivedColumnSchema>;

/** The operator a user reads for each operation (`High − Low`). */
export const DERIVED_SYMBOLS: Readonly<Record<DerivedOp, string>> = {
  subtract: '−',
  add: '+',
  multiply: '×',
  divide: '÷',
};

/** The formula of a derived column as a user reads it, e.g. `High − Low`. */
export function derivedFormula(def: DerivedColumn): string {
  return `${def.left} ${DERIVED_SYMBOLS[def.op]} ${def.right}`;
}

/** `a op b` for a derived column (NaN in, NaN out). */
export function applyDerivedOp(op: DerivedOp, a: number, b: number): number {
  switch (op) {
    case 'subtract':
      return a - b;
    case 'add':
      return a + b;
    case 'multiply':
      return a * b;
    case 'divide':
      return a / b;
  }
}

function quoted(names: readonly string[]): string {
  return names.map((c) => `'${c}'`).join(', ');
}

/**
 * The table with each derived column appended, in order (a later one may use an earlier one).
 * A row where a source value is missing, or where the result is not finite (a division by zero),
 * gets a missing value; the series reader then forward-fills or drops it as the spec says.
 * `table` itself is not changed.
 * @throws DatasetError ('format') when a name is taken or a source column does not exist,
 *   ('not-numeric') at the first source value that is not a number, naming its line.
 */
export function withDerivedColumns(table: Table, defs: readonly DerivedColumn[]): Table {
  if (defs.length === 0) return table;
  const columns = [...table.columns];
  const rows = table.rows.map((r) => [...r]);
  for (const def of defs) {
    const where = `'${table.fileName}', derived column '${def.name}' (${derivedFormula(def)})`;
    if (columns.includes(def.name)) {
      throw new DatasetError(
        `${where}: the name must differ from the existing columns, got '${def.name}'. Give the derived column another name.`,
        'format',
      );
    }
    const sources = [def.left, def.right].map((name) => {
      const index = columns.indexOf(name);
      if (index === -1) {
        throw new DatasetError(
          `${where}: a source must be one of ${quoted(columns)}, got '${name}'. Choose an existing column.`,
          'format',
        );
      }
      return { name, index };
    });
    rows.forEach((row, i) => {
      const values = sources.map(({ name, index }) => {
        const raw = row[index] ?? '';
        if (isMissing(raw)) return Number.NaN;
        const v = parseNumber(raw);
        if (Number.isNaN(v)) {
          throw new DatasetError(
            `'${table.fileName}' line ${table.lines[i]}, column '${name}' (a source of derived column '${def.name}'): '${raw}' is not a number, but a derived column needs numbers. Fix the value, leave it empty to mark it missing, or choose another column.`,
            'not-numeric',
          );
        }
        return v;
      });
      const result = applyDerivedOp(def.op, values[0] as number, values[1] as number);
      row.push(Number.isFinite(result) ? String(result) : '');
    });
    columns.push(def.name);
  }
  return { fileName: table.fileName, columns, rows, lines: table.lines };
}

const OPERATORS: Record<string, DerivedOp> = {
  '-': 'subtract',
  '−': 'subtract',
  '+': 'add',
  '*': 'multiply',
  '×': 'multiply',
  '/': 'divide',
  '÷': 'divide',
};

/**
 * Derived columns written as formulas, `;`-separated: `Range = High - Low; Mid = High + Low`. The
 * operator (`-` `+` `*` `/`, or `−` `×` `÷`) needs a space on each side, so column names may hold
 * hyphens (`temp-max - temp-min`).
 * @throws ConfigError naming the formula that does not read as `Name = Left op Right`.
 */
export function parseDerivedColumns(text: string): DerivedColumn[] {
  return text
    .split(';')
    .map((f) => f.trim())
    .filter((f) => f !== '')
    .map((formula) => {
      const m = /^(.+?)\s*=\s*(.+?)\s+([-−+*×/÷])\s+(.+)$/u.exec(formula);
      if (m === null) {
        throw new ConfigError(
          `Derived column: the formula must read 'Name = Left op Right' with op one of - + * / between spaces (e.g. 'Range = High - Low'), got '${formula}'.`,
        );
      }
      const [, name, left, op, right] = m as unknown as [string, string, string, string, string];
      return {
        name: name.trim(),
        op: OPERATORS[op] as DerivedOp,
        left: left.trim(),
        right: right.trim(),
      };
    });
}
