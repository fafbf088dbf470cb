/** The bottom status bar: a coloured dot and text for the trainer's state, and the shell on the right. */

export type StatusTone = 'pending' | 'ok' | 'busy' | 'error';

export interface StatusBarProps {
  /** Accessible name of the live region. */
  label: string;
  tone: StatusTone;
  /** Main status text, e.g. "Trainer ready". */
  text: string;
  /** Secondary text, e.g. "core 0.1.0 · Web Worker". */
  detail?: string;
  /** Right-aligned text, e.g. "Browser edition". */
  trailing?: string;
}

export function StatusBar({ label, tone, text, detail, trailing }: StatusBarProps) {
  return (
    <footer className="status-bar" data-tone={tone}>
      <div className="status-bar__trainer" role="status" aria-label={label} aria-live="polite">
        <span className="status-bar__dot" aria-hidden="true" />
        <span className="status-bar__text" data-testid="trainer-status">
          {text}
        </span>
        {detail !== undefined && (
          <span className="status-bar__detail" data-testid="trainer-detail">
            {detail}
          </span>
        )}
      </div>
      {trailing !== undefined && <span className="status-bar__trailing">{trailing}</span>}
    </footer>
  );
}
