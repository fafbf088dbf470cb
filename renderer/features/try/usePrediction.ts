/** React hook: runs predictions on the Try model and tracks busy, result and error (the newest request wins). */
import { useCallback, useRef, useState } from 'react';
import type { ModelSource } from '../../../core/protocol/messages.ts';
import type { Prediction } from '../../../core/tasks/task.ts';
import { type PredictInput, predict } from './tryModel.ts';

export interface PredictionState {
  busy: boolean;
  result: Prediction | null;
  error: string | null;
  run(input: PredictInput): Promise<Prediction | null>;
}

export function usePrediction(source: ModelSource): PredictionState {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Prediction | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);
  const run = useCallback(
    async (input: PredictInput) => {
      const ticket = ++latest.current;
      setBusy(true);
      setError(null);
      try {
        const [p] = await predict(source, [input]);
        if (ticket !== latest.current) return null;
        setResult(p ?? null);
        return p ?? null;
      } catch (err) {
        if (ticket === latest.current) setError(err instanceof Error ? err.message : String(err));
        return null;
      } finally {
        if (ticket === latest.current) setBusy(false);
      }
    },
    [source],
  );
  return { busy, result, error, run };
}

/** True for Enter pressed without Shift and outside an IME composition (Korean input). */
export function isSubmitKey(e: {
  key: string;
  shiftKey: boolean;
  nativeEvent: KeyboardEvent;
}): boolean {
  return e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing;
}
