/** The model builder's layer cards joined by shape arrows: one column for most tasks; for seq2seq two lanes, the encoder reading the source and the decoder writing the target, with what passes between them. */
import { useTranslation } from 'react-i18next';
import { shapeNotation } from '../../../core/tasks/common/describe.ts';
import { DEFAULT_ATTENTION, type RunSpec, seq2seqDecoder } from '../../../core/tasks/spec.ts';
import type {
  LayerDescription,
  LayerKind,
  ModelDescription,
  ShapeInfo,
} from '../../../core/tasks/task.ts';
import { studioStore } from '../../app/store.ts';
import { Icon } from '../../components/Icon.tsx';
import type { Advice } from './advice.ts';
import { LayerCard, ShapeArrow } from './LayerCard.tsx';
import { LayerFields, setModel } from './LayerFields.tsx';

/** Layers of the seq2seq encoder lane; the rest belong to the decoder. */
const ENCODER_KINDS: ReadonlySet<LayerKind> = new Set(['embedding', 'language-model', 'encoder']);

function removeCharEncoder(): void {
  const { charEncoder: _removed, ...model } = studioStore.getState().spec.model;
  studioStore.setModel(model);
}

interface FlowProps {
  spec: RunSpec;
  advice: readonly Advice[];
}

/** A frozen backward language model's card (its tensors are `lm.backward.*`, core/tasks/common/lmFeatures.ts). */
function isBackwardLm(layer: LayerDescription): boolean {
  return (
    layer.kind === 'language-model' && layer.tensors[0]?.name.startsWith('lm.backward.') === true
  );
}

/** A card's React key and test id: its kind, and which language model for a frozen one. */
function cardId(layer: LayerDescription): string {
  return isBackwardLm(layer) ? `${layer.kind}-backward` : layer.kind;
}

function Card({ layer, spec, advice }: FlowProps & { layer: LayerDescription }) {
  const { t } = useTranslation();
  const title =
    layer.kind === 'encoder' && spec.task === 'seq2seq'
      ? t('model.layers.seq2seqEncoder')
      : isBackwardLm(layer)
        ? t('model.layers.language-model-backward')
        : t(`model.layers.${layer.kind}`);
  const removable = layer.kind === 'dropout' || layer.kind === 'char-encoder';
  const removeLabel =
    layer.kind === 'dropout' ? t('model.removeDropout') : t('model.charEncoder.remove');
  return (
    <LayerCard
      title={title}
      layer={layer}
      testId={`layer-${cardId(layer)}`}
      advice={advice.filter((a) =>
        a.where === 'head' ? layer.kind === 'pooling' : a.where === layer.kind,
      )}
      actions={
        removable ? (
          <button
            type="button"
            className="button button--icon"
            aria-label={removeLabel}
            title={removeLabel}
            onClick={() =>
              layer.kind === 'dropout' ? setModel({ headDropout: 0 }) : removeCharEncoder()
            }
          >
            <Icon name="minus" size={15} />
          </button>
        ) : undefined
      }
    >
      <LayerFields layer={layer} spec={spec} />
    </LayerCard>
  );
}

/** Cards top to bottom, each followed by the arrow of its first output. */
function Column({ layers, spec, advice }: FlowProps & { layers: readonly LayerDescription[] }) {
  const { t } = useTranslation();
  const hasDropout = (spec.model.headDropout ?? 0) > 0;
  return (
    <>
      <ShapeArrow shape={layers[0]?.inputs[0] ?? { name: 'input', dims: [] }} />
      {layers.map((layer) => (
        <div key={cardId(layer)} className="layer-flow__item">
          {layer.kind === 'encoder' &&
            spec.task === 'tag' &&
            spec.model.charEncoder === undefined && (
              <button
                type="button"
                className="button button--quiet"
                data-testid="add-char-encoder"
                title={t('model.charEncoder.explain')}
                onClick={() => setModel({ charEncoder: { embeddingDim: 25, hiddenSize: 25 } })}
              >
                <Icon name="plus" size={15} />
                {t('model.charEncoder.add')}
              </button>
            )}
          {layer.kind === 'head' && !hasDropout && (
            <button
              type="button"
              className="button button--quiet"
              onClick={() => setModel({ headDropout: 0.2 })}
            >
              <Icon name="plus" size={15} />
              {t('model.addDropout')}
            </button>
          )}
          <Card layer={layer} spec={spec} advice={advice} />
          {!(spec.task === 'seq2seq' && layer.kind === 'encoder') && (
            <ShapeArrow shape={layer.outputs[0] ?? { name: 'output', dims: [] }} />
          )}
        </div>
      ))}
    </>
  );
}

/** What the encoder hands the decoder: its final state as h_0 (c_0), and its outputs to attention. */
function Handoffs({ encoder, spec }: { encoder: LayerDescription } & Pick<FlowProps, 'spec'>) {
  const { t } = useTranslation();
  const dec = seq2seqDecoder(spec.model);
  const initial = (name: string): string =>
    `${name} ${shapeNotation([dec.numLayers, 'N', dec.hiddenSize])}`;
  const states = encoder.outputs.filter((s) => s.name === 'h_n' || s.name === 'c_n');
  const output = encoder.outputs[0] as ShapeInfo;
  const attention = (spec.model.attention ?? DEFAULT_ATTENTION) !== 'none';
  return (
    <ul className="lane-handoffs" aria-label={t('model.lanes.handoff')}>
      {states.map((s) => (
        <li key={s.name} className="lane-handoff" data-testid="lane-handoff">
          <code>
            {s.name} {shapeNotation(s.dims)}
          </code>{' '}
          → {t('model.lanes.toDecoder')} <code>{initial(s.name === 'h_n' ? 'h_0' : 'c_0')}</code>
        </li>
      ))}
      {attention && (
        <li className="lane-handoff" data-testid="lane-handoff">
          <code>
            {output.name} {shapeNotation(output.dims)}
          </code>{' '}
          → {t('model.lanes.toAttention')}
        </li>
      )}
    </ul>
  );
}

/** The whole flow of `model` for `spec`. */
export function LayerFlow({ model, spec, advice }: FlowProps & { model: ModelDescription }) {
  const { t } = useTranslation();
  if (spec.task !== 'seq2seq') {
    return (
      <div className="layer-flow" data-testid="layer-flow">
        <Column layers={model.layers} spec={spec} advice={advice} />
      </div>
    );
  }
  const source = model.layers.filter((l) => ENCODER_KINDS.has(l.kind));
  const target = model.layers.filter((l) => !ENCODER_KINDS.has(l.kind));
  const encoder = source.find((l) => l.kind === 'encoder');
  return (
    <div className="layer-flow layer-lanes" data-testid="layer-flow">
      <section className="layer-lane" aria-labelledby="lane-encoder">
        <h3 className="layer-lane__title" id="lane-encoder">
          {t('model.lanes.encoder')}
        </h3>
        <p className="panel__hint">{t('model.lanes.encoderHint')}</p>
        <Column layers={source} spec={spec} advice={advice} />
        {encoder !== undefined && <Handoffs encoder={encoder} spec={spec} />}
      </section>
      <section className="layer-lane" aria-labelledby="lane-decoder">
        <h3 className="layer-lane__title" id="lane-decoder">
          {t('model.lanes.decoder')}
        </h3>
        <p className="panel__hint">{t('model.lanes.decoderHint')}</p>
        <Column layers={target} spec={spec} advice={advice} />
      </section>
    </div>
  );
}
