/** Classify's rows read from a big file on two threads: the host's second thread tokenizes the file's second half (from the first line end past the midpoint) with a vocabulary of its own while this one reads the first half and hashes the rest; its rows are then appended with their ids remapped to this thread's, so the tokens, ids, labels and rows are one reader's — which takes over wherever the split is not safe. */

import { ByteRecordReader } from '../../data/byteRecords.ts';
import type { ByteSource } from '../../data/byteSource.ts';
import { type RangeJob, readInTwo, readRange } from '../../data/fileHalves.ts';
import type { RowRangeRequest, RowRangeResult } from '../../data/rowRanges.ts';
import { RowTokens } from './rowTokens.ts';

/**
 * Reads classify's rows in bytes `from` to `to` of a file given as `pieces` (a pass starting at
 * `from`), from the first line feed at or after `from`, as one reader of the whole file would read
 * them but with token ids of its own. Any failure (bytes that are not UTF-8, a quote that never
 * closes, a file that is shorter or has no line end there) gives `ok: false`: the thread that reads
 * the first half then reads this range too, so a message always names the file's own line.
 */
export async function readRowRange(
  pieces: AsyncIterable<Uint8Array>,
  request: RowRangeRequest,
): Promise<RowRangeResult> {
  const { from, to, inspection, fileName, tokenizer, maxLength, labelNames } = request;
  try {
    const rows = new RowTokens({ tokenizer, maxLength, labelNames });
    const onBytes = rows.byteSink();
    if (onBytes === null) return { ok: false, reason: `no scanner for ${tokenizer.kind} tokens` };
    const [ti, li] = request.fields;
    const reader = new ByteRecordReader(inspection, {
      fileName,
      fields: [ti, li],
      onBytes,
      onRecord: rows.recordSink({ ti, li }),
      quotedFields: true,
      otherCharacters: true,
      midFile: true,
    });
    const read = await readRange(pieces, { from, to }, reader, (share) => rows.expect(share));
    if (!read.ok) return read;
    const store = rows.finish();
    const labels = rows.labels.finish();
    return {
      ...read,
      tokens: rows.interner.tokens,
      ids: store.ids,
      lengths: store.lengths,
      labels: [...labels.names],
      labelOf: labels.codes,
      counts: rows.counts(),
    };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Reads `source` into `rows` with `reader` (made with `rows`' sinks): this thread the first half,
 * the host's thread the rest, joined in order (core/data/fileHalves.ts: one reader takes over where
 * the split is not safe or the other thread fails).
 * @throws DatasetError as streamByteRecords; ('format') when the other thread read other bytes
 *   than this pass (the file changed while it was read).
 */
export async function readRowsInTwo(
  source: ByteSource,
  reader: ByteRecordReader,
  o: {
    rows: RowTokens;
    readRows: (request: RowRangeRequest) => RangeJob<RowRangeResult>;
    request: Omit<RowRangeRequest, 'from' | 'to'>;
  },
): Promise<void> {
  await readInTwo(source, reader, {
    fileName: o.request.fileName,
    start: (mid) => o.readRows({ ...o.request, from: mid, to: source.size }),
    join: (result) => o.rows.join(result),
    // NOTE: the other thread's rows join this store, so it is sized for the whole file.
    estimate: (share) => o.rows.expect(share),
  });
}
