/** One option of the reading panel: its label, its control (given the ids to use) and why it has its value. */
import { type ReactNode, useId } from 'react';

export function ReadingItem({
  label,
  why,
  children,
}: {
  label: string;
  why: string;
  children: (ids: { id: string; whyId: string }) => ReactNode;
}) {
  const id = useId();
  const whyId = useId();
  return (
    <div className="reading__item">
      <label htmlFor={id} className="reading__label">
        {label}
      </label>
      {children({ id, whyId })}
      <small id={whyId} className="reading__why">
        {why}
      </small>
    </div>
  );
}
