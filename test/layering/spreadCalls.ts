/** Finds spread arguments in calls (`f(...xs)`, `new C(...xs)`) in TypeScript source: each spread element is one call argument, and V8 overflows its stack past ~100,000 of them. */

/** One spread argument found: where it is and the source line it sits on. */
export interface SpreadCall {
  /** 1-based line. */
  line: number;
  /** The trimmed source line. */
  text: string;
}

/** Source with comments, strings, template texts and regex literals blanked (same length, newlines kept). */
export function codeOnly(source: string): string {
  const out = source.split('');
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  let i = 0;
  let lastSignificant = '';
  while (i < source.length) {
    const c = source[i] as string;
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      const stop = end === -1 ? source.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end === -1 ? source.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === "'" || c === '"' || c === '`') {
      let k = i + 1;
      while (k < source.length && source[k] !== c) k += source[k] === '\\' ? 2 : 1;
      // NOTE: template substitutions are blanked too; a spread inside `${f(...x)}` is not seen.
      blank(i + 1, k);
      i = k + 1;
      lastSignificant = c;
    } else if (
      c === '/' &&
      (lastSignificant === '' || '(,=:[!&|?{};+-*%<>~^'.includes(lastSignificant))
    ) {
      let k = i + 1;
      let inClass = false;
      while (k < source.length && source[k] !== '\n' && (source[k] !== '/' || inClass)) {
        if (source[k] === '[') inClass = true;
        else if (source[k] === ']') inClass = false;
        k += source[k] === '\\' ? 2 : 1;
      }
      blank(i + 1, k);
      i = k + 1;
      lastSignificant = '/';
    } else {
      if (c.trim() !== '') lastSignificant = c;
      i++;
    }
  }
  return out.join('');
}

/** Index of the bracket closing the one opened at `open`, or -1. */
function closing(code: string, open: number): number {
  let depth = 0;
  for (let k = open; k < code.length; k++) {
    const c = code[k];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return k;
    }
  }
  return -1;
}

/** True when the `(` at `open` begins a call's arguments, not a parameter list or a grouping. */
function isCallParen(code: string, open: number): boolean {
  const before = code.slice(0, open).trimEnd();
  const prev = before[before.length - 1] ?? '';
  if (!/[\w$)\]>]/.test(prev)) return false;
  if (/\b(if|while|for|switch|catch|return|typeof|function)$/.test(before)) return false;
  const end = closing(code, open);
  const after = code.slice(end + 1).trimStart();
  // NOTE: `(...args) => …`, `f(...args): T {` and `f(...args) {` are parameter lists (rest parameters).
  return !(after.startsWith('=>') || after.startsWith('{') || after.startsWith(':'));
}

/** Every spread argument of a call in `source`. */
export function findSpreadCalls(source: string): SpreadCall[] {
  const code = codeOnly(source);
  const lines = source.split('\n');
  const stack: number[] = [];
  const found: SpreadCall[] = [];
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === '(' || c === '[' || c === '{') stack.push(i);
    else if (c === ')' || c === ']' || c === '}') stack.pop();
    else if (c === '.' && code.startsWith('...', i)) {
      const open = stack[stack.length - 1];
      if (open !== undefined && code[open] === '(' && isCallParen(code, open)) {
        const line = code.slice(0, i).split('\n').length;
        found.push({ line, text: (lines[line - 1] as string).trim() });
      }
      i += 2;
    }
  }
  return found;
}
