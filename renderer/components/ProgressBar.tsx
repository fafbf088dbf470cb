/** A labelled progress bar; without a known total it shows an indeterminate stripe. */
import './components.css';
export interface ProgressBarProps {
  label: string;
  /** 0…1, or null when the total is unknown. */
  fraction: number | null;
  /** Text under the bar, e.g. "12 MB of 200 MB · 80,000 rows". */
  detail?: string;
}

export function ProgressBar({ label, fraction, detail }: ProgressBarProps) {
  const percent =
    fraction === null ? undefined : Math.round(Math.min(1, Math.max(0, fraction)) * 100);
  return (
    <div className="progress">
      <div
        className="progress__track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={detail}
        data-indeterminate={percent === undefined}
      >
        <div
          className="progress__fill"
          style={{ width: percent === undefined ? '30%' : `${percent}%` }}
        />
      </div>
      {detail !== undefined && <p className="progress__detail">{detail}</p>}
    </div>
  );
}
