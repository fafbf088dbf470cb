/** A reading option chosen from a list: the labelled select, its choices and why it has its value (the sheet, the JSON path, the date order, Excel dates). */
import type { Inspection, ReadOptions } from '../../../core/data/index.ts';
import { ReadingItem } from './ReadingItem.tsx';

/** What a reading field with an "as guessed" choice takes: the inspection, why it has its value, a change, and forgetting the user's choice. */
export interface GuessedFieldProps {
  inspection: Inspection;
  why: string;
  onChange: (change: ReadOptions) => void;
  /** Forgets the user's choice: the file decides again. */
  onAuto: () => void;
}

/** One entry of the list: the value the option takes and what the user reads. */
export interface ReadingChoice {
  value: string;
  label: string;
}

export function ReadingSelect({
  label,
  why,
  testId,
  value,
  choices,
  onPick,
}: {
  label: string;
  why: string;
  testId: string;
  value: string;
  choices: readonly ReadingChoice[];
  onPick: (value: string) => void;
}) {
  return (
    <ReadingItem label={label} why={why}>
      {({ id, whyId }) => (
        <select
          id={id}
          className="select"
          aria-describedby={whyId}
          data-testid={testId}
          value={value}
          onChange={(e) => onPick(e.currentTarget.value)}
        >
          {choices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      )}
    </ReadingItem>
  );
}
