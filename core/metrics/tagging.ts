/** Sequence-labelling metrics: token accuracy and span-level entity precision/recall/F1 with seqeval's default semantics. */
import { ConfigError } from '../errors.ts';
import { type ClassScores, f1Of, safeDivide } from './classification.ts';

/** An entity chunk: its type and token range `[start, end)` within its sentence. */
export interface Chunk {
  readonly type: string;
  readonly start: number;
  readonly end: number;
}

function checkSentences(
  where: string,
  gold: readonly (readonly string[])[],
  predicted: readonly (readonly string[])[],
): void {
  if (gold.length !== predicted.length) {
    throw new ConfigError(
      `${where}: predicted must have ${gold.length} sentences like gold, got ${predicted.length}.`,
    );
  }
  gold.forEach((g, i) => {
    const p = predicted[i] as readonly string[];
    if (g.length !== p.length) {
      throw new ConfigError(
        `${where}: predicted sentence ${i} must have ${g.length} tags like gold, got ${p.length}.`,
      );
    }
  });
}

/**
 * Share of tokens whose predicted tag equals the gold tag, over all sentences; NaN for no tokens.
 * @throws ConfigError when sentence counts or lengths differ.
 */
export function tokenAccuracy(
  gold: readonly (readonly string[])[],
  predicted: readonly (readonly string[])[],
): number {
  checkSentences('tokenAccuracy', gold, predicted);
  let right = 0;
  let total = 0;
  gold.forEach((g, i) => {
    const p = predicted[i] as readonly string[];
    for (let t = 0; t < g.length; t++) {
      total++;
      if (g[t] === p[t]) right++;
    }
  });
  return total === 0 ? Number.NaN : right / total;
}

// NOTE: the chunk rules below are seqeval's `end_of_chunk` / `start_of_chunk` (seqeval/metrics/
// sequence_labeling.py, default mode, suffix=False), themselves conlleval's: the first character
// is the prefix (B, I, E, S, O), the type is what follows the first '-', and 'O' has type '_'.
function prefixAndType(tag: string): { prefix: string; type: string } {
  const rest = tag.slice(1);
  const dash = rest.indexOf('-');
  const type = dash === -1 ? rest : rest.slice(dash + 1);
  return { prefix: tag.slice(0, 1), type: type === '' ? '_' : type };
}

function endOfChunk(prevTag: string, tag: string, prevType: string, type: string): boolean {
  if (prevTag === 'E' || prevTag === 'S') return true;
  if ((prevTag === 'B' || prevTag === 'I') && (tag === 'B' || tag === 'S' || tag === 'O')) {
    return true;
  }
  return prevTag !== 'O' && prevTag !== '.' && prevType !== type;
}

function startOfChunk(prevTag: string, tag: string, prevType: string, type: string): boolean {
  if (tag === 'B' || tag === 'S') return true;
  if ((prevTag === 'E' || prevTag === 'S' || prevTag === 'O') && (tag === 'E' || tag === 'I')) {
    return true;
  }
  return tag !== 'O' && tag !== '.' && prevType !== type;
}

/**
 * Entity chunks of one sentence exactly as seqeval's `get_entities` reads them (lenient: an
 * `I-` after `O` or after another type opens a chunk; B/I/E/S/O prefixes all understood).
 * @param tags one sentence's tags, e.g. `['B-PER', 'I-PER', 'O']`
 * @returns chunks in order, ranges `[start, end)`
 */
export function seqevalChunks(tags: readonly string[]): Chunk[] {
  const chunks: Chunk[] = [];
  let prevTag = 'O';
  let prevType = '_';
  let begin = 0;
  for (let i = 0; i <= tags.length; i++) {
    const { prefix, type } = prefixAndType(i < tags.length ? (tags[i] as string) : 'O');
    if (endOfChunk(prevTag, prefix, prevType, type)) {
      chunks.push({ type: prevType, start: begin, end: i });
    }
    if (startOfChunk(prevTag, prefix, prevType, type)) begin = i;
    prevTag = prefix;
    prevType = type;
  }
  return chunks;
}

/** Span-level scores: micro-averaged over all entities, and per entity type (sorted by type). */
export interface EntityScores {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Gold entities. */
  readonly support: number;
  /** Predicted entities. */
  readonly predicted: number;
  readonly perType: ClassScores[];
}

/**
 * Span-level entity precision, recall and F1, as seqeval's `precision_score`, `recall_score`,
 * `f1_score` and `classification_report` compute them by default: a predicted entity counts only
 * when its type, start and end all match a gold entity (exact match); micro average; 0 where a
 * ratio is 0/0 (zero_division=0). Sentences are scored separately, so no entity crosses one.
 * @throws ConfigError when sentence counts or lengths differ.
 */
export function entityScores(
  gold: readonly (readonly string[])[],
  predicted: readonly (readonly string[])[],
): EntityScores {
  checkSentences('entityScores', gold, predicted);
  const counter = new EntityCounter();
  gold.forEach((g, i) => {
    counter.add(g, predicted[i] as readonly string[]);
  });
  return counter.scores();
}

/**
 * {@link entityScores} a sentence at a time: keeps per entity type the gold, predicted and
 * matching counts only, so a split of millions of sentences is scored without keeping its tags.
 */
export class EntityCounter {
  private readonly byType = new Map<string, { gold: number; pred: number; correct: number }>();

  private entry(type: string): { gold: number; pred: number; correct: number } {
    let e = this.byType.get(type);
    if (e === undefined) {
      e = { gold: 0, pred: 0, correct: 0 };
      this.byType.set(type, e);
    }
    return e;
  }

  /** Counts one sentence's gold and predicted entities (the same number of tags). */
  add(gold: readonly string[], predicted: readonly string[]): void {
    const goldChunks = seqevalChunks(gold);
    const keys = new Set(goldChunks.map((c) => `${c.type}\u0000${c.start}\u0000${c.end}`));
    for (const c of goldChunks) this.entry(c.type).gold++;
    for (const c of seqevalChunks(predicted)) {
      const e = this.entry(c.type);
      e.pred++;
      if (keys.has(`${c.type}\u0000${c.start}\u0000${c.end}`)) e.correct++;
    }
  }

  /** The scores of every sentence added so far. */
  scores(): EntityScores {
    let goldTotal = 0;
    let predTotal = 0;
    let correctTotal = 0;
    const perType: ClassScores[] = [...this.byType.keys()].sort().map((type) => {
      const e = this.byType.get(type) as { gold: number; pred: number; correct: number };
      goldTotal += e.gold;
      predTotal += e.pred;
      correctTotal += e.correct;
      const precision = safeDivide(e.correct, e.pred);
      const recall = safeDivide(e.correct, e.gold);
      return { label: type, precision, recall, f1: f1Of(precision, recall), support: e.gold };
    });
    const precision = safeDivide(correctTotal, predTotal);
    const recall = safeDivide(correctTotal, goldTotal);
    return {
      precision,
      recall,
      f1: f1Of(precision, recall),
      support: goldTotal,
      predicted: predTotal,
      perType,
    };
  }
}

/** seqeval's default `f1_score`: micro span F1 with exact matching. @throws ConfigError as {@link entityScores}. */
export function entityF1(
  gold: readonly (readonly string[])[],
  predicted: readonly (readonly string[])[],
): number {
  return entityScores(gold, predicted).f1;
}
