/** One layer of the model as a card: its PyTorch module, settings, output shapes, parameters and remarks. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { shapeNotation } from '../../../core/tasks/common/describe.ts';
import type { LayerDescription, ShapeInfo } from '../../../core/tasks/task.ts';
import { formatShape } from '../../../core/tensor/shape.ts';
import { formatCount } from '../../components/format.ts';
import { Notice } from '../../components/Notice.tsx';
import type { Advice } from './advice.ts';

/** The tensor passed from one card to the next, drawn as an arrow with its shape. */
export function ShapeArrow({ shape }: { shape: ShapeInfo }) {
  return (
    <div className="shape-arrow" data-testid="shape-arrow">
      <span className="shape-arrow__line" aria-hidden="true" />
      <code className="shape-arrow__shape">
        {shape.name} {shapeNotation(shape.dims)}
      </code>
    </div>
  );
}

export function AdviceList({ advice }: { advice: readonly Advice[] }) {
  const { t } = useTranslation();
  return (
    <>
      {advice.map((a) => (
        <Notice
          key={a.id}
          tone={a.level}
          title={t(`model.advice.${a.id}.title`)}
          testId={`advice-${a.id}`}
        >
          <p>{t(`model.advice.${a.id}.body`)}</p>
        </Notice>
      ))}
    </>
  );
}

export function LayerCard(props: {
  title: string;
  layer: LayerDescription;
  testId: string;
  children?: ReactNode;
  actions?: ReactNode;
  advice?: readonly Advice[];
}) {
  const { t, i18n } = useTranslation();
  const { title, layer, testId, children, actions, advice = [] } = props;
  return (
    <section className="layer-card" data-kind={layer.kind} data-testid={testId} aria-label={title}>
      <header className="layer-card__head">
        <div>
          <h3 className="layer-card__title">{title}</h3>
          <code className="layer-card__module">{layer.module}</code>
        </div>
        <div className="layer-card__side">
          <span className="layer-card__params" data-testid={`${testId}-params`}>
            {t('model.params', {
              count: layer.parameters,
              formatted: formatCount(layer.parameters, i18n.language),
            })}
          </span>
          {actions}
        </div>
      </header>
      {children !== undefined && <div className="layer-card__fields">{children}</div>}
      {layer.outputs.length > 1 && (
        <ul className="layer-card__outputs" data-testid={`${testId}-outputs`}>
          {layer.outputs.map((s) => (
            <li key={s.name}>
              <code>
                {s.name} {shapeNotation(s.dims)}
              </code>
            </li>
          ))}
        </ul>
      )}
      {layer.tensors.length > 0 && (
        <details className="layer-card__tensors">
          <summary>{t('model.tensors', { count: layer.tensors.length })}</summary>
          <ul>
            {layer.tensors.map((p) => (
              <li key={p.name}>
                <code>{p.name}</code> <code>{formatShape(p.shape)}</code>
              </li>
            ))}
          </ul>
        </details>
      )}
      <AdviceList advice={advice} />
    </section>
  );
}
