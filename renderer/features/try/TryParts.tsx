/** The pieces every Try demo shares: the titled panel, the text box that submits on Enter, the run button and the error notice. */
import type { KeyboardEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Notice } from '../../components/Notice.tsx';
import { isSubmitKey } from './usePrediction.ts';

/** A demo's panel, labelled by its title. */
export function TryPanel({
  id,
  title,
  children,
}: {
  id: string;
  title: string;
  children: ReactNode;
}) {
  return (
    <section className="panel try-demo" aria-labelledby={`${id}-title`}>
      <h2 className="panel__title" id={`${id}-title`}>
        {title}
      </h2>
      {children}
    </section>
  );
}

export interface SubmitTextProps {
  id: string;
  value: string;
  placeholder: string;
  onChange: (value: string) => void;
  /** Called on Enter (not Shift+Enter, not while an IME is composing Korean). */
  onSubmit: () => void;
  /** A textarea of this many rows; a one-line input when absent. */
  rows?: number;
}

/** The demo's text box: Enter submits, Shift+Enter adds a line, IME composition is respected. */
export function SubmitText({ id, value, placeholder, onChange, onSubmit, rows }: SubmitTextProps) {
  const common = {
    id,
    value,
    placeholder,
    'data-testid': 'try-text',
    onChange: (e: { currentTarget: { value: string } }) => onChange(e.currentTarget.value),
    onKeyDown: (e: KeyboardEvent) => {
      if (isSubmitKey(e)) {
        e.preventDefault();
        onSubmit();
      }
    },
  };
  return rows === undefined ? (
    <input className="input" {...common} />
  ) : (
    <textarea className="input try-textarea" rows={rows} {...common} />
  );
}

/** The primary action of a demo; disabled while a prediction runs. */
export function RunButton({
  label,
  busy,
  onClick,
}: {
  label: string;
  busy: boolean;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      className="button button--primary"
      onClick={onClick}
      disabled={busy}
      data-testid="try-predict"
    >
      {label}
    </button>
  );
}

/** The trainer's message when a prediction failed, if one did. */
export function PredictionError({ error }: { error: string | null }) {
  const { t } = useTranslation();
  if (error === null) return null;
  return (
    <Notice tone="error" title={t('try.failed')}>
      <p>{error}</p>
    </Notice>
  );
}
