/** The chat demo over a seq2seq model: ask a question, get the decoded answer, with an adjustable beam size. */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AttentionView } from '../../../components/explain/AttentionView.tsx';
import { BeamField } from '../BeamField.tsx';
import { PredictionError, RunButton, SubmitText, TryPanel } from '../TryParts.tsx';
import type { TryModel } from '../tryModel.ts';
import { usePrediction } from '../usePrediction.ts';

interface Turn {
  question: string;
  answer: string;
}

export function ChatDemo({ model }: { model: TryModel }) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const [beam, setBeam] = useState(3);
  const [turns, setTurns] = useState<Turn[]>([]);
  const p = usePrediction(model.source);
  const last = p.result?.kind === 'seq2seq' ? p.result : null;
  const submit = async () => {
    const question = text.trim();
    if (question === '') return;
    setText('');
    const r = await p.run({ text: question, decode: { beamSize: beam } });
    if (r?.kind === 'seq2seq') setTurns((ts) => [...ts, { question, answer: r.text }]);
  };
  return (
    <TryPanel id={id} title={t('try.chat.title')}>
      <ol className="chat" aria-live="polite" data-testid="chat-log">
        {turns.length === 0 && <li className="panel__hint">{t('try.chat.empty')}</li>}
        {turns.map((turn, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the log only grows.
          <li key={i} className="chat__turn">
            <p className="chat__bubble" data-side="user">
              {turn.question}
            </p>
            <p className="chat__bubble" data-side="bot" data-testid="chat-answer">
              {turn.answer}
            </p>
          </li>
        ))}
      </ol>
      <div className="chat__input">
        <label htmlFor={id} className="visually-hidden">
          {t('try.chat.input')}
        </label>
        <SubmitText
          id={id}
          value={text}
          placeholder={t('try.chat.placeholder')}
          onChange={setText}
          onSubmit={() => void submit()}
        />
        <RunButton label={t('try.chat.send')} busy={p.busy} onClick={() => void submit()} />
        <BeamField value={beam} onChange={setBeam} />
      </div>
      <PredictionError error={p.error} />
      {last !== null && <AttentionView attention={last.attention} />}
    </TryPanel>
  );
}
