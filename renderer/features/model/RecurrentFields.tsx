/** The settings of a recurrent stack (cell, hidden size, layers, direction, dropout, nonlinearity) with add/remove layer. */
import { useTranslation } from 'react-i18next';
import type { RecurrentSpec } from '../../../core/tasks/spec.ts';
import { Icon } from '../../components/Icon.tsx';
import { CheckField, NumberField, SelectField } from './fields.tsx';

const MAX_LAYERS = 8;

export function RecurrentFields(props: {
  spec: RecurrentSpec;
  inputSize: number;
  testId: string;
  /** The decoder of seq2seq runs one direction only. */
  allowBidirectional: boolean;
  onChange: (spec: RecurrentSpec) => void;
}) {
  const { t } = useTranslation();
  const { spec, inputSize, testId, allowBidirectional, onChange } = props;
  const set = (change: Partial<RecurrentSpec>): void => onChange({ ...spec, ...change });
  const d = spec.bidirectional ? 2 : 1;
  return (
    <>
      <SelectField
        label={t('model.fields.cell')}
        value={spec.cell}
        testId={`${testId}-cell`}
        options={[
          { value: 'rnn', label: 'RNN' },
          { value: 'lstm', label: 'LSTM' },
          { value: 'gru', label: 'GRU' },
        ]}
        onChange={(cell) => set({ cell, ...(cell !== 'rnn' ? { nonlinearity: 'tanh' } : {}) })}
      />
      <NumberField
        label={t('model.fields.hiddenSize')}
        value={spec.hiddenSize}
        min={1}
        max={4096}
        testId={`${testId}-hidden`}
        onChange={(hiddenSize) => set({ hiddenSize })}
      />
      <NumberField
        label={t('model.fields.dropout')}
        value={spec.dropout}
        min={0}
        max={0.95}
        step={0.05}
        testId={`${testId}-dropout`}
        onChange={(dropout) => set({ dropout })}
      />
      <SelectField
        label={t('model.fields.nonlinearity')}
        value={spec.nonlinearity}
        disabled={spec.cell !== 'rnn' && spec.nonlinearity === 'tanh'}
        testId={`${testId}-nonlinearity`}
        options={[
          { value: 'tanh', label: 'tanh' },
          { value: 'relu', label: 'relu' },
        ]}
        onChange={(nonlinearity) => set({ nonlinearity })}
      />
      {(allowBidirectional || spec.bidirectional) && (
        <CheckField
          label={t('model.fields.bidirectional')}
          checked={spec.bidirectional}
          testId={`${testId}-bidirectional`}
          onChange={(bidirectional) => set({ bidirectional })}
        />
      )}
      <div className="stack-layers" data-testid={`${testId}-layers`}>
        <p className="field__label">{t('model.fields.layers', { count: spec.numLayers })}</p>
        <ol>
          {Array.from({ length: spec.numLayers }, (_, k) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: layers are identified by their depth.
            <li key={k}>
              <code>l{k}</code>{' '}
              {t('model.fields.layerLine', {
                input: k === 0 ? inputSize : d * spec.hiddenSize,
                output: d * spec.hiddenSize,
              })}
            </li>
          ))}
        </ol>
        <div className="stack-layers__actions">
          <button
            type="button"
            className="button"
            disabled={spec.numLayers >= MAX_LAYERS}
            onClick={() => set({ numLayers: spec.numLayers + 1 })}
            data-testid={`${testId}-add-layer`}
          >
            <Icon name="plus" size={15} />
            {t('model.fields.addLayer')}
          </button>
          <button
            type="button"
            className="button"
            disabled={spec.numLayers <= 1}
            onClick={() => set({ numLayers: spec.numLayers - 1 })}
            data-testid={`${testId}-remove-layer`}
          >
            <Icon name="minus" size={15} />
            {t('model.fields.removeLayer')}
          </button>
        </div>
      </div>
    </>
  );
}
