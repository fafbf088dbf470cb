/** Classify's row labels as codes: each row's label a small number into the distinct labels met, so the passes after the read (the split, the classes, each part's class ids) read a byte a row in row order or by the shuffled indices, not a string a row. */

/** Each row's label, as a code into its distinct labels. */
export interface RowLabels {
  /** The distinct labels, first met first. */
  readonly names: readonly string[];
  /** `[rows]`: each row's label, into `names` (one byte a row while there are at most 256 names). */
  readonly codes: Uint8Array | Int32Array;
}

/** Builds {@link RowLabels} a row at a time. */
export class RowLabelsBuilder {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();
  private codes = new Int32Array(1024);
  private count = 0;

  /** The rows so far. */
  get size(): number {
    return this.count;
  }

  /** The code of `label`: a new one the first time it is met. */
  codeOf(label: string): number {
    let code = this.index.get(label);
    if (code === undefined) {
      code = this.names.length;
      this.index.set(label, code);
      this.names.push(label);
    }
    return code;
  }

  /** Appends a row labelled `label`. */
  push(label: string): void {
    this.pushCode(this.codeOf(label));
  }

  /** Appends a row labelled `names[code]`. */
  pushCode(code: number): void {
    if (this.count === this.codes.length) {
      const grown = new Int32Array(2 * this.codes.length);
      grown.set(this.codes);
      this.codes = grown;
    }
    this.codes[this.count++] = code;
  }

  /** The rows' labels: codes in one byte each while there are at most 256 names. */
  finish(): RowLabels {
    const used = this.codes.subarray(0, this.count);
    return {
      names: this.names,
      codes: this.names.length <= 256 ? Uint8Array.from(used) : used.slice(),
    };
  }
}

/** `labels` (one per row) as codes. */
export function rowLabelsOf(labels: readonly string[]): RowLabels {
  const b = new RowLabelsBuilder();
  for (const label of labels) b.push(label);
  return b.finish();
}

/** The distinct labels of the rows `indices`, in the order first met. */
export function distinctLabels(labels: RowLabels, indices: readonly number[]): string[] {
  const { names, codes } = labels;
  const seen = new Uint8Array(names.length);
  const out: string[] = [];
  for (let k = 0; k < indices.length && out.length < names.length; k++) {
    const code = codes[indices[k] as number] as number;
    if (seen[code] === 1) continue;
    seen[code] = 1;
    out.push(names[code] as string);
  }
  return out;
}

/**
 * The class id of each row's label at `indices`, `encode` asked once per distinct label, in row
 * order, so an unknown label throws at the same row as encoding every row.
 */
export function labelIdsOf(
  labels: RowLabels,
  indices: readonly number[],
  encode: (label: string) => number,
): Int32Array {
  const { names, codes } = labels;
  const idOf = new Int32Array(names.length).fill(-1);
  const out = new Int32Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const code = codes[indices[k] as number] as number;
    let id = idOf[code] as number;
    if (id === -1) idOf[code] = id = encode(names[code] as string);
    out[k] = id;
  }
  return out;
}
