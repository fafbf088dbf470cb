/** BPE's merge loop over a word-count table, kept incremental: pair counts are updated only in the words a merge touches and the next pair comes from a heap, so each merge costs what it changes instead of a recount of every word. */

/** A pair's key: its two symbols joined by U+0000 (which no symbol contains). */
function pairKey(a: string, b: string): string {
  return `${a}\u0000${b}`;
}

/** A heap entry: a pair and the count it had when pushed (stale once the count moved). */
interface Entry {
  key: string;
  count: number;
}

/** True when `x` comes before `y`: the higher count, then the key that sorts first. */
function before(x: Entry, y: Entry): boolean {
  return x.count > y.count || (x.count === y.count && x.key < y.key);
}

/** A binary heap of pairs by count (highest first), ties to the key that sorts first. */
class PairHeap {
  private readonly items: Entry[] = [];

  push(entry: Entry): void {
    const a = this.items;
    a.push(entry);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(a[i] as Entry, a[parent] as Entry)) break;
      [a[i], a[parent]] = [a[parent] as Entry, a[i] as Entry];
      i = parent;
    }
  }

  pop(): Entry | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || last === undefined) return top;
    a[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && before(a[l] as Entry, a[m] as Entry)) m = l;
      if (r < a.length && before(a[r] as Entry, a[m] as Entry)) m = r;
      if (m === i) return top;
      [a[i], a[m]] = [a[m] as Entry, a[i] as Entry];
      i = m;
    }
  }
}

/** `symbols` with every left-to-right, non-overlapping `a b` joined into one symbol. */
function merged(symbols: readonly string[], a: string, b: string): string[] {
  const next: string[] = [];
  for (let i = 0; i < symbols.length; i++) {
    if (i + 1 < symbols.length && symbols[i] === a && symbols[i + 1] === b) {
      next.push(a + b);
      i++;
    } else next.push(symbols[i] as string);
  }
  return next;
}

/**
 * Up to `limit` merges over `words` (each a word's symbols and its count): each joins the most
 * frequent adjacent pair (ties to the pair whose key sorts first) until no pair occurs twice —
 * the same merges as recounting every pair of every word before each one.
 */
export function learnMerges(
  words: readonly { symbols: readonly string[]; n: number }[],
  limit: number,
): [string, string][] {
  const symbols = words.map((w) => [...w.symbols]);
  const counts = new Map<string, number>();
  /** The words each pair has occurred in (a word may have lost the pair since: checked on use). */
  const where = new Map<string, Set<number>>();
  const heap = new PairHeap();
  const changed = new Set<string>();

  const add = (word: number, sign: 1 | -1): void => {
    const s = symbols[word] as string[];
    const n = (words[word] as { n: number }).n * sign;
    for (let i = 0; i + 1 < s.length; i++) {
      const key = pairKey(s[i] as string, s[i + 1] as string);
      counts.set(key, (counts.get(key) ?? 0) + n);
      changed.add(key);
      if (sign === 1) {
        let set = where.get(key);
        if (set === undefined) where.set(key, (set = new Set()));
        set.add(word);
      }
    }
  };
  const pushChanged = (): void => {
    for (const key of changed) {
      const count = counts.get(key) as number;
      if (count > 0) heap.push({ key, count });
      else counts.delete(key);
    }
    changed.clear();
  };

  for (let w = 0; w < symbols.length; w++) add(w, 1);
  pushChanged();
  const merges: [string, string][] = [];
  while (merges.length < limit) {
    let top = heap.pop();
    while (top !== undefined && counts.get(top.key) !== top.count) top = heap.pop();
    if (top === undefined || top.count < 2) break;
    const [a, b] = top.key.split('\u0000') as [string, string];
    merges.push([a, b]);
    const touched = where.get(top.key) ?? new Set<number>();
    // NOTE: out of the map before the words change, so a pair they still form is noted afresh.
    where.delete(top.key);
    for (const w of touched) {
      const s = symbols[w] as string[];
      let has = false;
      for (let i = 0; i + 1 < s.length && !has; i++) has = s[i] === a && s[i + 1] === b;
      if (!has) continue;
      add(w, -1);
      symbols[w] = merged(s, a, b);
      add(w, 1);
    }
    pushChanged();
  }
  return merges;
}
