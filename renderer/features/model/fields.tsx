/** Small form fields of the model builder: a number with limits, a select, a checkbox. */
import { useId, useState } from 'react';
import { parseNumberInput } from './numberInput.ts';

export function NumberField(props: {
  label: string;
  /** Undefined shows an empty field with `placeholder` (a setting left out, such as no limit). */
  value: number | undefined;
  placeholder?: string;
  min: number;
  max: number;
  /** A whole step (1, the default) takes whole numbers only. */
  step?: number;
  /** Shown but not editable (a value that follows something else). */
  disabled?: boolean;
  testId?: string;
  onChange: (value: number) => void;
  /** Emptying the field leaves the setting out (the placeholder's meaning); without it, an emptied field shows its value again on leaving. */
  onClear?: () => void;
}) {
  const {
    label,
    value,
    placeholder,
    min,
    max,
    step = 1,
    disabled,
    testId,
    onChange,
    onClear,
  } = props;
  const id = useId();
  // What the user is typing, shown as typed while the field has focus: on the way to 400 in a field
  // whose minimum is 10 it reads 4 and 40, which a controlled input would snap back to the value.
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="input"
        type="number"
        min={min}
        max={max}
        step={step}
        value={draft ?? value ?? ''}
        placeholder={placeholder}
        disabled={disabled}
        data-testid={testId}
        onChange={(e) => {
          const input = e.currentTarget;
          setDraft(input.value);
          // NOTE: a number input reads '' for half-typed text such as '1e'; that is not a clearing.
          if (input.validity.badInput) return;
          // NOTE: input that does not fit is not clamped silently: it is ignored until it fits,
          // and leaving the field shows the last value that fitted.
          const v = parseNumberInput(input.value, { min, max, step });
          if (v === null) onClear?.();
          else if (v !== undefined) onChange(v);
        }}
        onBlur={() => setDraft(null)}
      />
    </div>
  );
}

export function SelectField<V extends string>(props: {
  label: string;
  value: V;
  options: readonly { value: V; label: string }[];
  disabled?: boolean;
  testId?: string;
  onChange: (value: V) => void;
}) {
  const { label, value, options, disabled, testId, onChange } = props;
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        className="select"
        value={value}
        disabled={disabled}
        data-testid={testId}
        onChange={(e) => onChange(e.currentTarget.value as V)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function CheckField(props: {
  label: string;
  checked: boolean;
  testId?: string;
  onChange: (checked: boolean) => void;
}) {
  return (
    <label className="check model-check">
      <input
        type="checkbox"
        checked={props.checked}
        data-testid={props.testId}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
      {props.label}
    </label>
  );
}
