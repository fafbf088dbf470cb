/** What inspection reports about how it read a file: the complete reading options it used and, for each, who decided it and on what evidence. */
import { DatasetError } from '../errors.ts';
import type { Delimiter, Quoting } from './delimited.ts';
import { parseEncodingName, type TextEncodingName } from './encoding.ts';
import type { ReadOptions } from './readOptions.ts';

/** Why inspection chose an option: `code` and `params` let the UI word it, `text` is English. */
export interface ReadingEvidence {
  code:
    | 'format-content'
    | 'format-prose'
    | 'encoding-bom'
    | 'encoding-utf8'
    | 'encoding-korean'
    | 'encoding-legacy'
    | 'delimiter-consistent'
    | 'delimiter-name'
    | 'delimiter-number-list'
    | 'quoting-sniffed'
    | 'quoting-default'
    | 'header-detected'
    | 'header-not-detected'
    | 'decimal-comma'
    | 'date-order-data'
    | 'excel-serial'
    | 'sheet-largest'
    | 'json-path-most'
    | 'conll-chunk-tags'
    | 'conll-first-last';
  params?: Record<string, string | number>;
  text: string;
}

/** Who decided an option: the user (or a saved run), or inspection on the given evidence. */
export type ReadingDecision = { by: 'user' } | { by: 'guess'; evidence: ReadingEvidence };

/** The reading an inspection used; `options` read the file again exactly the same way. */
export interface InspectionReading {
  /** Every option inspection applied, the user's and its own guesses. */
  options: ReadOptions;
  /** For each option in `options`: the user's, or a guess and its evidence. */
  decisions: Partial<Record<keyof ReadOptions, ReadingDecision>>;
}

/** Collects decisions while inspecting. */
export class ReadingRecorder {
  readonly options: ReadOptions = {};
  readonly decisions: InspectionReading['decisions'] = {};

  constructor(user: ReadOptions) {
    for (const key of Object.keys(user) as (keyof ReadOptions)[]) {
      if (user[key] === undefined) continue;
      Object.assign(this.options, { [key]: user[key] });
      this.decisions[key] = { by: 'user' };
    }
  }

  /** Records `value` for `key`: the user's when they fixed it, else the guess with its evidence. */
  decide<K extends keyof ReadOptions>(
    key: K,
    value: NonNullable<ReadOptions[K]>,
    evidence?: ReadingEvidence,
  ): void {
    if (this.decisions[key]?.by === 'user') return;
    Object.assign(this.options, { [key]: value });
    if (evidence !== undefined) this.decisions[key] = { by: 'guess', evidence };
  }

  /** The report to put on the inspection. */
  report(): InspectionReading {
    return { options: { ...this.options }, decisions: { ...this.decisions } };
  }
}

/** Evidence for an encoding decided from the bytes. */
export function encodingEvidence(encoding: TextEncodingName, bomLength: number): ReadingEvidence {
  if (bomLength > 0) {
    return {
      code: 'encoding-bom',
      params: { encoding },
      text: `The file starts with a ${encoding} byte-order mark.`,
    };
  }
  if (encoding === 'cp949') {
    return {
      code: 'encoding-korean',
      text: 'The bytes are not valid UTF-8 and decode as Korean (CP949).',
    };
  }
  if (encoding !== 'utf-8') {
    return {
      code: 'encoding-legacy',
      params: { encoding },
      text: `The bytes are not valid UTF-8 and decode as ${encoding}.`,
    };
  }
  return { code: 'encoding-utf8', text: 'Every byte sequence in the sample is valid UTF-8.' };
}

/** Spelling of a delimiter in messages. */
export function delimiterName(delimiter: string): string {
  return delimiter === '\t' ? 'tab' : `'${delimiter}'`;
}

/** The header option as the scanners take it (undefined: detect). */
export function headerFlag(options: ReadOptions): boolean | undefined {
  return options.header === undefined ? undefined : options.header === 'yes';
}

/** The encoding a reader must use (undefined: detect). @throws DatasetError ('encoding') for an unknown name. */
export function encodingOption(options: ReadOptions): TextEncodingName | undefined {
  return options.encoding === undefined ? undefined : parseEncodingName(options.encoding);
}

/**
 * The delimiter and quoting the user fixed, checked.
 * @throws DatasetError ('format') for a delimiter that is a quote, a line end or a space-like character.
 */
export function fixedDelimiter(
  options: ReadOptions,
  fileName: string,
): { delimiter?: Delimiter; quoting?: Quoting } {
  const d = options.delimiter;
  if (d !== undefined && /["\r\n]/.test(d)) {
    throw new DatasetError(
      `'${fileName}': the delimiter must be one character other than a quote or a line end, got ${JSON.stringify(d)}. Choose ',', ';', tab or '|'.`,
      'format',
    );
  }
  return {
    ...(d !== undefined ? { delimiter: d as Delimiter } : {}),
    ...(options.quoting !== undefined ? { quoting: options.quoting } : {}),
  };
}
