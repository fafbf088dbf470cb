/** A vertical tab list with roving focus: arrow keys, Home and End move between tabs and select them. */
import { type KeyboardEvent, useRef } from 'react';
import { Icon, type IconName } from './Icon.tsx';

/** One entry of the tab list. */
export interface NavTab<Id extends string> {
  id: Id;
  label: string;
  icon: IconName;
}

export interface NavTabsProps<Id extends string> {
  /** Accessible name of the tab list. */
  label: string;
  tabs: readonly NavTab<Id>[];
  selected: Id;
  onSelect: (id: Id) => void;
  /** The element id of a tab's panel, for `aria-controls`. */
  panelId: (id: Id) => string;
  /** The element id of a tab, so its panel can be `aria-labelledby` it. */
  tabId: (id: Id) => string;
}

/** Index of the tab a navigation key moves to, or null for other keys. */
function targetIndex(key: string, current: number, count: number): number | null {
  switch (key) {
    case 'ArrowDown':
    case 'ArrowRight':
      return (current + 1) % count;
    case 'ArrowUp':
    case 'ArrowLeft':
      return (current - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

export function NavTabs<Id extends string>(props: NavTabsProps<Id>) {
  const { label, tabs, selected, onSelect, panelId, tabId } = props;
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);

  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>, index: number): void {
    const next = targetIndex(event.key, index, tabs.length);
    if (next === null) return;
    event.preventDefault();
    onSelect(tabs[next]!.id);
    buttons.current[next]?.focus();
  }

  return (
    <div className="nav-tabs" role="tablist" aria-label={label} aria-orientation="vertical">
      {tabs.map((tab, index) => {
        const isSelected = tab.id === selected;
        return (
          <button
            key={tab.id}
            ref={(el) => {
              buttons.current[index] = el;
            }}
            type="button"
            role="tab"
            id={tabId(tab.id)}
            className="nav-tabs__tab"
            aria-selected={isSelected}
            aria-controls={panelId(tab.id)}
            title={tab.label}
            tabIndex={isSelected ? 0 : -1}
            onClick={() => onSelect(tab.id)}
            onKeyDown={(event) => onKeyDown(event, index)}
          >
            <span className="nav-tabs__step" aria-hidden="true">
              {index + 1}
            </span>
            <Icon name={tab.icon} />
            <span className="nav-tabs__label">{tab.label}</span>
          </button>
        );
      })}
    </div>
  );
}
