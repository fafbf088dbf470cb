/** A two-way segmented switch between the UI languages; each option is named in its own language. */
import { Icon } from './Icon.tsx';

export interface LanguageOption<L extends string> {
  value: L;
  /** The language's own name, e.g. "한국어". */
  label: string;
  /** A short form for narrow windows, e.g. "한". */
  short: string;
  /** BCP 47 tag of `label`, so screen readers pronounce it correctly. */
  lang: string;
}

export interface LanguageSwitchProps<L extends string> {
  label: string;
  options: readonly LanguageOption<L>[];
  value: L;
  onChange: (value: L) => void;
}

export function LanguageSwitch<L extends string>(props: LanguageSwitchProps<L>) {
  const { label, options, value, onChange } = props;
  return (
    <div className="language-switch">
      <Icon name="globe" size={16} />
      <fieldset className="language-switch__group">
        <legend className="visually-hidden">{label}</legend>
        {options.map((option) => (
          <button
            key={option.value}
            type="button"
            lang={option.lang}
            className="language-switch__option"
            aria-pressed={option.value === value}
            aria-label={option.label}
            onClick={() => onChange(option.value)}
          >
            <span className="language-switch__full">{option.label}</span>
            <span className="language-switch__short">{option.short}</span>
          </button>
        ))}
      </fieldset>
    </div>
  );
}
