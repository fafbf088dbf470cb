/** PyTorch export of forecast and tag models: torch gives the core's scaled forecasts (and the forecasts in original units) on Seattle weather windows, and the core's per-token logits on UD English EWT, UNER and UD Korean KAIST sentences (with and without a character encoder). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ScalerState } from '../../core/data/scaler.ts';
import { Vocab } from '../../core/data/vocab.ts';
import { Random } from '../../core/random.ts';
import { longest, timeMajor } from '../../core/tasks/common/batching.ts';
import { scaleRows } from '../../core/tasks/forecast/data.ts';
import { forecastTask } from '../../core/tasks/forecast/index.ts';
import type { ForecastModel } from '../../core/tasks/forecast/model.ts';
import type { TargetMode } from '../../core/tasks/forecast/targetMode.ts';
import { presetSpec } from '../../core/tasks/presets.ts';
import type { RecurrentSpec } from '../../core/tasks/spec.ts';
import { CharVocab } from '../../core/tasks/tag/chars.ts';
import { normalizeWord, tagTask } from '../../core/tasks/tag/index.ts';
import { type TaggerModel, wordChars } from '../../core/tasks/tag/model.ts';
import type { ForecastPrediction, TagPrediction } from '../../core/tasks/task.ts';
import { noGrad } from '../../core/tensor/autograd.ts';
import { quickTrain } from '../support/quickTrain.ts';
import {
  exportToTemp,
  maxAbsDiff,
  removeTempDirs,
  runPythonJson,
  sharedData,
  torchAvailable,
} from './helpers.ts';

const parityScript = join(import.meta.dirname, 'parity.py');
const weatherText = readFileSync(
  join(sharedData, 'seattle-weather', 'seattle-weather.csv'),
  'utf8',
);

const FORECAST_CASES: {
  name: string;
  recurrent: Partial<RecurrentSpec>;
  horizon: number;
  mode: { targetMode: TargetMode } | { predictChanges: boolean };
  /** Feature columns known in advance (their next H values feed the head). */
  known?: string[];
}[] = [
  {
    name: 'GRU, horizon 1, levels',
    recurrent: { cell: 'gru' },
    horizon: 1,
    mode: { targetMode: 'level' },
  },
  {
    name: '2-layer bidirectional LSTM, horizon 3, changes',
    recurrent: { cell: 'lstm', numLayers: 2, bidirectional: true, dropout: 0.1 },
    horizon: 3,
    mode: { targetMode: 'change' },
  },
  {
    name: 'LSTM, horizon 2, window-norm',
    recurrent: { cell: 'lstm' },
    horizon: 2,
    mode: { targetMode: 'window-norm' },
  },
  {
    name: 'GRU, horizon 3, window-norm, temp_min known in advance',
    recurrent: { cell: 'gru' },
    horizon: 3,
    mode: { targetMode: 'window-norm' },
    known: ['temp_min'],
  },
  {
    name: 'RNN, horizon 1, a saved spec with predictChanges',
    recurrent: { cell: 'rnn' },
    horizon: 1,
    mode: { predictChanges: true },
  },
];

afterAll(removeTempDirs);

describe.runIf(torchAvailable('PyTorch export (forecast, tag)'))(
  'PyTorch export: forecast and tag',
  () => {
    for (const c of FORECAST_CASES) {
      it(`matches the core's forecasts (${c.name})`, async () => {
        const spec = presetSpec('forecast');
        spec.data = {
          ...spec.data,
          targetColumn: 'temp_max',
          dateColumn: 'date',
          featureColumns: ['temp_min', 'wind'],
          window: 10,
          horizon: c.horizon,
          ...c.mode,
          ...(c.known ? { knownFutureColumns: c.known } : {}),
        };
        spec.model = {
          recurrent: { ...spec.model.recurrent, hiddenSize: 12, ...c.recurrent },
          headDropout: 0.1,
        };
        spec.train = { ...spec.train, batchSize: 32, lr: 5e-3 };
        const bytes = new TextEncoder().encode(weatherText.split('\n').slice(0, 301).join('\n'));
        const task = await forecastTask.prepare({
          spec,
          fileName: 'weather.csv',
          bytes,
          random: new Random(0),
        });
        quickTrain(task, { steps: 3 });
        const dir = exportToTemp(task);
        const state = task.state as unknown as {
          columns: string[];
          window: number;
          scaler: ScalerState;
          lastRows: number[][];
        };
        const lines = weatherText.split('\n');
        const header = (lines[0] as string).split(',');
        const rows = lines.slice(400, 430).map((l) => {
          const f = l.split(',');
          return state.columns.map((col) => Number(f[header.indexOf(col)]));
        });
        const windows = [0, 7, 16].map((s) => rows.slice(s, s + state.window));
        const knownIdx = (c.known ?? []).map((k) => state.columns.indexOf(k));
        // The known columns' next H rows after each window (what a calendar would give).
        const futures = [0, 7, 16].map((s) =>
          rows
            .slice(s + state.window, s + state.window + c.horizon)
            .map((r) => knownIdx.map((i) => r[i] as number)),
        );
        const scaledFutures = new Float32Array(
          futures.flatMap((f) =>
            f.flatMap((r) =>
              r.map(
                (v, j) =>
                  (v - (state.scaler.offset[knownIdx[j] as number] as number)) /
                  (state.scaler.scale[knownIdx[j] as number] as number),
              ),
            ),
          ),
        );
        const model = task.model as ForecastModel;
        model.eval();
        const F = state.columns.length;
        const x = new Float32Array(
          windows.flatMap((w) => [
            ...scaleRows(w, { window: state.window, columns: state.columns, scaler: state.scaler }),
          ]),
        );
        const scaled = noGrad(() =>
          model.forward(x, [windows.length, state.window, F], scaledFutures),
        );
        const predictor = task.predictor();
        const values = windows.map(
          (w, k) =>
            (
              predictor.predict({
                rows: w,
                ...(c.known ? { future: futures[k] as number[][] } : {}),
              }) as ForecastPrediction
            ).values,
        );
        const out = runPythonJson<{ scaled: number[][]; values: number[][] }>(parityScript, [dir], {
          windows,
          ...(c.known ? { futures } : {}),
        });
        expect(maxAbsDiff(out.scaled.flat(), scaled.data)).toBeLessThan(1e-5);
        // Original units (°C, scale ≈ 7): the 1e-5 bound holds relative to the value's size.
        out.values.flat().forEach((v, i) => {
          const expected = values.flat()[i] as number;
          expect(Math.abs(v - expected)).toBeLessThan(1e-5 * Math.max(1, Math.abs(expected)));
        });
      }, 30_000);
    }

    const TAG_CASES = [
      {
        name: 'UPOS, 2-layer BiLSTM, UD English EWT',
        file: 'ud-english-ewt/en_ewt-ud-dev.conllu',
        upos: true,
        cell: 'lstm' as const,
        numLayers: 2,
      },
      {
        name: 'NER (IOB2), BiGRU, UNER English EWT',
        file: 'uner-english-ewt/en_ewt-ud-dev.iob2',
        upos: false,
        cell: 'gru' as const,
        numLayers: 1,
      },
      {
        name: 'UPOS, character encoder + BiLSTM, UD Korean KAIST',
        file: 'ud-korean-kaist/ko_kaist-ud-dev.first1000.conllu',
        upos: true,
        cell: 'lstm' as const,
        numLayers: 1,
        charEncoder: { embeddingDim: 6, hiddenSize: 5 },
      },
      {
        name: 'NER (IOB2), character encoder + 2-layer BiGRU, UNER English EWT (original case)',
        file: 'uner-english-ewt/en_ewt-ud-dev.iob2',
        upos: false,
        cell: 'gru' as const,
        numLayers: 2,
        charEncoder: { embeddingDim: 4, hiddenSize: 3 },
      },
    ];
    for (const c of TAG_CASES) {
      it(`matches the core's per-token logits, tags and entity spans (${c.name})`, async () => {
        const blocks = readFileSync(join(sharedData, c.file), 'utf8').split(/\n\n/);
        const spec = presetSpec('tag');
        spec.data = {
          ...(c.upos ? { tagField: 'upos' as const } : {}),
          minFreq: 1,
          maxVocab: 2000,
          maxLength: 30,
        };
        spec.model = {
          embeddingDim: 12,
          recurrent: {
            cell: c.cell,
            hiddenSize: 10,
            numLayers: c.numLayers,
            bidirectional: true,
            dropout: 0.1,
            nonlinearity: 'tanh',
          },
          headDropout: 0.2,
          ...('charEncoder' in c ? { charEncoder: c.charEncoder } : {}),
        };
        spec.train = { ...spec.train, batchSize: 16, lr: 1e-2 };
        const bytes = new TextEncoder().encode(`${blocks.slice(0, 150).join('\n\n')}\n\n`);
        const task = await tagTask.prepare({
          spec,
          fileName: c.file.split('/')[1] as string,
          bytes,
          random: new Random(0),
        });
        quickTrain(task, { steps: 3 });
        const dir = exportToTemp(task);
        const sentences = blocks
          .slice(200, 208)
          .map((b) =>
            b
              .split('\n')
              .filter((l) => /^\d+\t/.test(l))
              .map((l) => l.split('\t')[1] as string),
          )
          .filter((s) => s.length > 0);
        // Characters the training part never had (→ <unk>) and a word longer than MAX_WORD_CHARS.
        if ('charEncoder' in c)
          sentences.push(['Zürich☃', 'ǅ', 'Donaudampfschifffahrtsgesellschaft']);
        const state = task.state as unknown as { vocab: string[]; charVocab?: string[] };
        const vocab = new Vocab(state.vocab);
        const ids = sentences.map((s) => s.map((w) => vocab.id(normalizeWord(w))));
        const charVocab = state.charVocab === undefined ? null : new CharVocab(state.charVocab);
        const chars = sentences.map((s) => s.map((w) => charVocab?.encode(w) ?? []));
        const model = task.model as TaggerModel;
        model.eval();
        const input =
          charVocab === null
            ? timeMajor(ids)
            : { ...timeMajor(ids), chars: wordChars(chars, longest(ids.map((s) => s.length))) };
        const logits = noGrad(() => model.forward(input));
        const out = runPythonJson<{
          stateKeys: string[];
          ids: number[][];
          chars?: number[][][];
          logits: number[][][];
          predictions: TagPrediction[];
        }>(parityScript, [dir], { sentences });
        expect(out.ids).toEqual(ids);
        expect(out.stateKeys).toEqual(Object.keys(model.stateDict()).sort());
        if (charVocab !== null) {
          expect(out.chars).toEqual(chars);
          // The sample must hold words the character vocabulary only partly knows.
          expect(chars.flat(2)).toContain(1);
        }
        // The core is time-major [L, N, T]; model.py is batch-first [N, L, T].
        const [L, N, T] = logits.shape as [number, number, number];
        const core = new Float32Array(L * N * T);
        for (let t = 0; t < L; t++)
          for (let n = 0; n < N; n++)
            for (let k = 0; k < T; k++)
              core[(n * L + t) * T + k] = logits.data[(t * N + n) * T + k] as number;
        expect(maxAbsDiff(out.logits.flat(2), core)).toBeLessThan(1e-5);
        const predictor = task.predictor();
        // predict.py reports tags and spans; the app adds each token's confidence for Try.
        const app = sentences.map((tokens) => {
          const { confidences: _, ...rest } = predictor.predict({ tokens }) as TagPrediction;
          return rest;
        });
        expect(out.predictions).toEqual(app);
      }, 30_000);
    }
  },
);
