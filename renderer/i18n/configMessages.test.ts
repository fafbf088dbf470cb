/** Tests that the spec refusals a user can reach from the app, and the divergence explanation, cross the trainer protocol as a key and parameters and are worded in English (as core wrote them) and in Korean. */
import i18next, { type TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import type { Series } from '../../core/data/timeSeries.ts';
import { CONFIG_MESSAGE_KEYS, ConfigError } from '../../core/errors.ts';
import { TrainerError } from '../../core/protocol/trainerClient.ts';
import {
  toErrorPayload,
  validateTrainerMessage,
  withDetail,
} from '../../core/protocol/validate.ts';
import { Random } from '../../core/random.ts';
import { classifyTask } from '../../core/tasks/classify/index.ts';
import { chooseColumn, splitBySpec } from '../../core/tasks/common/text.ts';
import { languageModelFor, languageModelTokens } from '../../core/tasks/common/transfer.ts';
import { vectorSourceFor } from '../../core/tasks/common/wordVectors.ts';
import { prepareSeries } from '../../core/tasks/forecast/data.ts';
import { generateTask } from '../../core/tasks/generate/index.ts';
import { presetSpec } from '../../core/tasks/presets.ts';
import type { RunSpec } from '../../core/tasks/spec.ts';
import { divergence } from '../../core/train/setup.ts';
import { wordCoreMessage } from './coreMessages.ts';
import en from './en.json' with { type: 'json' };
import { resources } from './i18n.ts';

async function translator(lng: 'en' | 'ko'): Promise<TFunction> {
  const instance = i18next.createInstance();
  await instance.init({ resources, lng, interpolation: { escapeValue: false } });
  return instance.t;
}

async function refusal(run: () => unknown): Promise<ConfigError> {
  try {
    await run();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError, but the call succeeded');
}

/** The refusal as the trainer sends it and the page rebuilds it. */
function acrossTheProtocol(e: ConfigError): TrainerError {
  const message = validateTrainerMessage({ type: 'error', id: 1, ...toErrorPayload(e) });
  if (message.type !== 'error') throw new Error('expected an error message');
  return new TrainerError(message);
}

/** The language model's spec: the generate preset with 32-wide embeddings. */
function languageModelSpec(): RunSpec {
  const spec = presetSpec('generate');
  spec.model.embeddingDim = 32;
  return spec;
}

/** A classify spec fine-tuning 'lm.rnnmodel', its trunk the language model's but for `recurrent`. */
function classifyFrom(recurrent: Partial<RunSpec['model']['recurrent']>): RunSpec {
  const spec = presetSpec('classify');
  const trunk = languageModelSpec().model;
  spec.model = {
    ...spec.model,
    embeddingDim: trunk.embeddingDim,
    recurrent: { ...trunk.recurrent, ...recurrent },
  };
  spec.train = { ...spec.train, initFrom: 'lm.rnnmodel', transfer: 'fine-tune' };
  return spec;
}

/** A tagger whose embedding starts from word vectors. */
function taggerWithVectors(): RunSpec {
  const spec = presetSpec('tag');
  spec.model = { ...spec.model, wordVectors: { file: 'cc.ko.300.vec', freeze: false } };
  return spec;
}

/** A language model bundle as read: only its spec matters for these refusals. */
const bundle = (spec: RunSpec) => ({
  fileName: 'lm.rnnmodel',
  spec,
  taskState: {},
  weights: new Map(),
});

/** A classify spec reading 'lm.rnnmodel' and 'bwd.rnnmodel' (the backward language model) as features. */
function withBackward(): RunSpec {
  const spec = classifyFrom({});
  spec.train = { ...spec.train, transfer: 'features', initFromBackward: 'bwd.rnnmodel' };
  return spec;
}

/** The language model's spec reading right to left. */
function backwardSpec(): RunSpec {
  const spec = languageModelSpec();
  return { ...spec, model: { ...spec.model, direction: 'backward' } };
}

const backwardBundle = (spec: RunSpec) => ({ ...bundle(spec), fileName: 'bwd.rnnmodel' });

/** A generate model's task state with `vocab` (characters). */
const lmState = (vocab: string[]) => ({
  kind: 'generate',
  tokenizer: { kind: 'char', lowercase: false },
  vocab,
});

/** The most the Data section's split sliders allow: half for validation, half for test. */
function halfAndHalf(): RunSpec {
  const spec = presetSpec('classify');
  spec.train = { ...spec.train, valSplit: 0.5, testSplit: 0.5 };
  return spec;
}

function splitsLeavingNothing(): RunSpec {
  const spec = presetSpec('classify');
  spec.train = { ...spec.train, valSplit: 0.4, testSplit: 0.5 };
  return spec;
}

function shortSeries(steps: number): Series {
  return {
    columns: ['sales'],
    values: new Float32Array(steps),
    steps,
    features: 1,
    times: null,
    report: {} as Series['report'],
  };
}

function bidirectionalGenerate(): RunSpec {
  const spec = presetSpec('generate');
  spec.model.recurrent = { ...spec.model.recurrent, bidirectional: true };
  return spec;
}

const REFUSALS: Record<string, () => unknown> = {
  'no-column': () => chooseColumn('classify', 'labelColumn', undefined, undefined),
  'split-sum': () => splitBySpec(halfAndHalf(), 10),
  'train-part-empty': () => splitBySpec(splitsLeavingNothing(), 1),
  'forecast-train-too-short': () =>
    prepareSeries(shortSeries(20), presetSpec('forecast'), {
      window: 30,
      horizon: 1,
      dateColumn: null,
    }),
  'generate-bidirectional': () => generateTask.checkSpec(bidirectionalGenerate()),
  'init-from-not-read': () =>
    classifyTask.prepare({
      spec: classifyFrom({}),
      fileName: 'reviews.csv',
      bytes: new TextEncoder().encode('text,label\ngood,1\nbad,0\nfine,1\nawful,0\n'),
      random: new Random(1),
    }),
  'init-from-not-lm': () => languageModelTokens(classifyFrom({}), bundle(presetSpec('forecast'))),
  'init-from-mismatch': () =>
    languageModelTokens(classifyFrom({ bidirectional: true }), bundle(languageModelSpec())),
  'init-from-backward-as-forward': () =>
    languageModelFor(
      classifyFrom({}),
      bundle({
        ...languageModelSpec(),
        model: { ...languageModelSpec().model, direction: 'backward' },
      }),
    ),
  'init-from-backward-not-read': () =>
    languageModelFor(withBackward(), bundle(languageModelSpec())),
  'init-from-backward-fine-tune': () =>
    languageModelFor(
      { ...withBackward(), train: { ...withBackward().train, transfer: 'fine-tune' } },
      bundle(languageModelSpec()),
      backwardBundle(backwardSpec()),
    ),
  'init-from-backward-not-lm': () =>
    languageModelFor(
      withBackward(),
      bundle(languageModelSpec()),
      backwardBundle(presetSpec('tag')),
    ),
  'init-from-backward-forward': () =>
    languageModelFor(
      withBackward(),
      bundle(languageModelSpec()),
      backwardBundle(languageModelSpec()),
    ),
  'init-from-backward-tokens': () =>
    languageModelTokens(withBackward(), {
      ...bundle(languageModelSpec()),
      taskState: lmState(['a', 'b']),
      backward: { ...backwardBundle(backwardSpec()), taskState: lmState(['b', 'a']) },
    }),
  'vectors-not-read': () => vectorSourceFor(taggerWithVectors(), undefined),
  'vectors-with-init-from': () =>
    classifyTask.checkSpec({
      ...classifyFrom({}),
      model: { ...classifyFrom({}).model, wordVectors: { file: 'cc.ko.300.vec', freeze: true } },
    }),
};

describe('spec refusals in the UI languages', () => {
  it('has an English and a Korean message for every key', () => {
    const words = en.coreMessages as Record<string, unknown>;
    expect(CONFIG_MESSAGE_KEYS.filter((k) => typeof words[k] !== 'string')).toEqual([]);
  });

  it('keep their key and parameters across the trainer protocol, and read as core wrote them in English', async () => {
    const english = await translator('en');
    for (const [key, run] of Object.entries(REFUSALS)) {
      const e = acrossTheProtocol(await refusal(run));
      expect(e.detail?.key, key).toBe(key);
      expect(wordCoreMessage(english, e.detail as NonNullable<typeof e.detail>), key).toBe(
        e.message,
      );
    }
  });

  it('are worded in Korean with the task, field and values in Korean', async () => {
    const ko = await translator('ko');
    const word = async (key: string) => {
      const e = acrossTheProtocol(await refusal(REFUSALS[key] as () => unknown));
      return wordCoreMessage(ko, e.detail as NonNullable<typeof e.detail>);
    };
    expect(await word('no-column')).toBe(
      '분류: 데이터에서 레이블 열을(를) 고르세요. 지정되지 않았고, 파일을 살펴보아도 알맞은 열을 짐작할 수 없었습니다.',
    );
    expect(await word('forecast-train-too-short')).toBe(
      '예측: 학습 부분에 윈도 + 예측 구간 = 31단계 이상이 있어야 하지만 16단계입니다. 윈도를 줄이거나 데이터를 더하세요.',
    );
    expect(await word('init-from-mismatch')).toBe(
      "언어 모델에서 시작하기: 양방향이(가) 언어 모델과 같아야 합니다. 'lm.rnnmodel'에서는 '아니요'이지만 이 분류 설정에서는 '예'입니다.",
    );
    expect(await word('vectors-not-read')).toBe(
      "태깅: 단어 벡터 파일 'cc.ko.300.vec'이(가) 지정되었지만 읽은 벡터 파일이 없습니다. 그 파일을 다시 열거나 단어 벡터를 끄세요.",
    );
    for (const key of Object.keys(REFUSALS)) {
      const unquoted = (await word(key)).replace(/'[^']*'/g, '');
      expect(unquoted.match(/[A-Za-z]+/g), key).toBeNull();
    }
  });
});

describe('the divergence explanation in the UI languages', () => {
  /** The explanation as a training-error event after validation, as the Train panel receives it. */
  function received(options: { stepInEpoch: number | null; clipNorm: number }) {
    const e = divergence({
      what: 'gradient norm',
      value: Number.NaN,
      epoch: 3,
      lr: 0.01,
      ...options,
    });
    const event = validateTrainerMessage({
      type: 'training-error',
      runId: 'r1',
      ...withDetail(e, e.detail),
      suggestion: e.suggestion,
      ...(e.suggestionDetail === undefined ? {} : { suggestionDetail: e.suggestionDetail }),
    });
    if (event.type !== 'training-error') throw new Error('expected a training-error event');
    return { e, event };
  }

  it('reads as core wrote it in English, message and suggestion, with and without clipping', async () => {
    const english = await translator('en');
    for (const options of [
      { stepInEpoch: 7, clipNorm: 5 },
      { stepInEpoch: null, clipNorm: 0 },
    ]) {
      const { e, event } = received(options);
      expect(wordCoreMessage(english, event.detail as NonNullable<typeof event.detail>)).toBe(
        e.message,
      );
      const suggestion = event.suggestionDetail as NonNullable<typeof event.suggestionDetail>;
      expect(wordCoreMessage(english, suggestion)).toBe(e.suggestion);
    }
  });

  it('is worded in Korean', async () => {
    const ko = await translator('ko');
    const { event } = received({ stepInEpoch: 7, clipNorm: 5 });
    expect(wordCoreMessage(ko, event.detail as NonNullable<typeof event.detail>)).toBe(
      "3번째 에포크의 7번째 단계에서 그래디언트 노름이(가) 숫자가 아닌 값('NaN')이(가) 되었습니다.",
    );
    expect(
      wordCoreMessage(ko, event.suggestionDetail as NonNullable<typeof event.suggestionDetail>),
    ).toBe(
      '학습률을 낮추세요(지금 0.01, 권장 0.001). 그래디언트 노름 클리핑이 켜져 있으니(지금 5) 더 작은 값(예: 0.5)도 도움이 됩니다.',
    );
  });
});
