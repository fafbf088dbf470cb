/** Messages between the Data section and its inspection worker (structured-clone data only). */
import type { ImportProgress, Inspection, ReadOptions } from '../../../core/data/index.ts';
import type { MessageDetail } from '../../../core/errors.ts';
import type { Preview } from './preview.ts';

/** Page → worker. */
export type InspectRequest =
  | { type: 'inspect'; id: number; file: File; reading: ReadOptions }
  | { type: 'cancel'; id: number };

/** Worker → page. */
export type InspectReply =
  | { type: 'progress'; id: number; progress: ImportProgress }
  | { type: 'done'; id: number; inspection: Inspection; preview: Preview }
  | {
      type: 'error';
      id: number;
      name: string;
      message: string;
      code?: string;
      /** The message as a key and parameters, for wording it in the UI's language. */
      detail?: MessageDetail;
    };
