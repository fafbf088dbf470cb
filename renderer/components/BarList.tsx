/** Horizontal bars with a label and a value each (class balance and similar counts); readable as a list. */
import './components.css';
export interface BarListItem {
  label: string;
  value: number;
  /** Text shown at the end of the bar, e.g. "512 (51.2 %)". */
  valueText: string;
}

export function BarList({ label, items }: { label: string; items: readonly BarListItem[] }) {
  const max = Math.max(1, ...items.map((i) => i.value));
  return (
    <ul className="bar-list" aria-label={label}>
      {items.map((item) => (
        <li key={item.label} className="bar-list__item">
          <span className="bar-list__label" title={item.label}>
            {item.label}
          </span>
          <span className="bar-list__track" aria-hidden="true">
            <span className="bar-list__fill" style={{ width: `${(item.value / max) * 100}%` }} />
          </span>
          <span className="bar-list__value">{item.valueText}</span>
        </li>
      ))}
    </ul>
  );
}
