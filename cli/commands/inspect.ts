/** `rnn-studio inspect <file>`: shows what the importer guesses about a data file (format, encoding, columns, task). */
import { type Inspection, inspectStream } from '../../core/data/inspect.ts';
import type { ReadOptions } from '../../core/data/readOptions.ts';
import { DatasetError } from '../../core/errors.ts';
import { parseArgs, UsageError } from '../args.ts';
import { fileProblem } from '../inputFiles.ts';
import { type CliIo, EXIT_BAD_ARGUMENTS, EXIT_OK, EXIT_USER_ERROR } from '../io.ts';
import { READING_FLAGS, READING_USAGE, READING_VALUES, readingFromArgs } from '../readingFlags.ts';
import { inspectImageFolder, isImageFolderInput } from './inspectImages.ts';

export const INSPECT_USAGE = `Usage: rnn-studio inspect <file> [--json] [reading options] [--tag-field upos|xpos]
       rnn-studio inspect <folder|zip> [--json]

Reads the file (CSV/TSV, JSONL, CoNLL-U, CoNLL/IOB, plain text, dialog YAML) and prints its format,
encoding, delimiter, row count, columns with types and missing counts, the suggested task and
column roles, and how it read the file (each option given or guessed, with its evidence). With
--json, prints one JSON object:
{format, encoding, delimiter, rows, columns: [{name, type, missing, …}], suggestedTask, roles,
 reading: {options, decisions}, …}.
A folder or .zip of images (JPEG, PNG) with a captions file (CSV/TSV image,caption, Flickr8k
image#n<TAB>caption, COCO captions JSON) is image-captioning data: inspect prints the images,
captions per image, the split by image (the folder's split file, or seeded 80/10/10) and the
vocabulary size; --json gives {task: "caption", images, captions, captionsPerImage, split, vocabSize, …}.
${READING_USAGE}`;

function formatSummary(r: Inspection): string {
  const delimiter =
    r.delimiter === null
      ? ''
      : ` delimiter ${r.delimiter === '\t' ? 'tab' : `'${r.delimiter}'`}${r.quoting === 'none' ? ' (no quoting)' : ''}${r.hasHeader ? ', header' : ', no header'}`;
  const unit =
    r.format === 'conllu' || r.format === 'conll'
      ? 'sentences'
      : r.format === 'dialog-yaml'
        ? 'pairs'
        : 'rows';
  const lines = [
    `${r.fileName}: ${r.format}, ${r.encoding},${delimiter}`.replace(/,$/, ''),
    `${r.rows} ${unit}${r.tokens !== undefined ? `, ${r.tokens} tokens` : ''}${r.tagScheme ? `, tags ${r.tagScheme}` : ''}`,
    'columns:',
    ...r.columns.map(
      (c) =>
        `  ${c.name.padEnd(16)} ${c.type.padEnd(9)} missing ${c.missing}${c.invalid > 0 ? `, ${c.invalid} not ${c.type} (first on line ${c.firstInvalid?.line}: '${c.firstInvalid?.value}')` : ''}`,
    ),
    `suggested task: ${r.suggestedTask}`,
    `roles: ${Object.entries(r.roles)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ')}`,
    ...r.notes.map((n) => n.text),
    ...choiceLines(r),
    ...readingLines(r),
  ];
  return `${lines.join('\n')}\n`;
}

/** What else the file offers to read (sheets, JSON paths, CoNLL columns), with the flags that choose it. */
function choiceLines(r: Inspection): string[] {
  const out: string[] = [];
  if ((r.sheets?.length ?? 0) > 1) {
    const sheets = (r.sheets ?? []).map((s) => `'${s}'`).join(', ');
    out.push(`sheets: ${sheets} (reading '${r.sheet}'; choose with --sheet NAME)`);
  }
  if ((r.jsonPaths?.length ?? 0) > 1) {
    const paths = (r.jsonPaths ?? []).map((p) => `'${p.path}' (${p.records})`).join(', ');
    out.push(
      `JSON paths with records: ${paths} (reading '${r.jsonPath}'; choose with --json-path PATH)`,
    );
  }
  const layout = r.format === 'conll' ? r.conllLayout : undefined;
  if (layout !== undefined) {
    out.push(
      `CoNLL columns: ${layout.fieldCount} fields, tokens in column ${layout.tokenField + 1}, tags in column ${layout.tagField + 1} (choose with --token-column N --tag-column N [--comment-prefix P])`,
    );
  }
  return out;
}

/** How the file was read: each option, given on the command line or guessed (with the evidence). */
function readingLines(r: Inspection): string[] {
  const entries = Object.entries(r.reading.options) as [keyof ReadOptions, unknown][];
  return [
    'reading (rerun with these options to read the file the same way):',
    ...entries.map(([key, value]) => {
      const d = r.reading.decisions[key];
      const why = d === undefined ? '' : d.by === 'user' ? ' (given)' : ` (${d.evidence.text})`;
      const shown = value === '\t' ? 'tab' : JSON.stringify(value);
      return `  ${key} ${shown}${why}`;
    }),
  ];
}

/**
 * Runs `rnn-studio inspect`. Exit 0 with the inspection, 1 with a one-line message for a file the
 * importer refuses (naming file, line and problem), 2 for bad arguments.
 */
export async function inspectCommand(args: string[], io: CliIo): Promise<number> {
  let path: string;
  let options: Parameters<typeof inspectStream>[1];
  let json: boolean;
  try {
    const parsed = parseArgs(args, {
      values: [...READING_VALUES, 'tag-field'],
      flags: ['json', ...READING_FLAGS, 'help'],
    });
    if (parsed.options.has('help')) {
      io.stdout(INSPECT_USAGE);
      return EXIT_OK;
    }
    if (parsed.positionals.length !== 1) {
      throw new UsageError(`Expected one file, got ${parsed.positionals.length}.`);
    }
    path = parsed.positionals[0] as string;
    json = parsed.options.has('json');
    const tagField = parsed.options.get('tag-field');
    if (tagField !== undefined && tagField !== 'upos' && tagField !== 'xpos') {
      throw new UsageError(
        `Option '--tag-field' must be 'upos' or 'xpos', got '${String(tagField)}'.`,
      );
    }
    const reading = readingFromArgs(parsed);
    options = { fileName: path, reading, ...(tagField !== undefined ? { tagField } : {}) };
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(`rnn-studio inspect: ${err.message}\n${INSPECT_USAGE}`);
    return EXIT_BAD_ARGUMENTS;
  }
  if (await isImageFolderInput(path)) return inspectImageFolder(path, io, json);
  try {
    const totalBytes = await io.fileSize(path);
    const inspection = await inspectStream(io.openFileStream(path), { ...options, totalBytes });
    io.stdout(json ? `${JSON.stringify(inspection)}\n` : formatSummary(inspection));
    return EXIT_OK;
  } catch (err) {
    if (err instanceof DatasetError) {
      io.stderr(`rnn-studio inspect: ${err.message}\n`);
      return EXIT_USER_ERROR;
    }
    const problem = fileProblem(err, path);
    if (problem !== null) {
      io.stderr(`rnn-studio inspect: ${problem.message}\n`);
      return EXIT_USER_ERROR;
    }
    throw err;
  }
}
