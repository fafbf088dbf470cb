/** A menu button (WAI-ARIA menu button pattern): Enter, Space or ↓ opens the menu on its first item, ↑ on its last; arrows, Home and End move, Escape closes and returns focus. */
import './components.css';
import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';

/** One entry: an action, or a heading that groups the entries after it. */
export type MenuEntry =
  | {
      kind: 'item';
      id: string;
      label: string;
      /** Smaller second line (a path, a shortcut). */
      detail?: string;
      disabled?: boolean;
      onSelect: () => void;
    }
  | { kind: 'heading'; id: string; label: string };

export interface MenuButtonProps {
  /** The button's content. */
  children: ReactNode;
  /** The button's accessible name (also the menu's). */
  label: string;
  entries: readonly MenuEntry[];
  testId?: string;
  className?: string;
}

export function MenuButton({ children, label, entries, testId, className }: MenuButtonProps) {
  const [open, setOpen] = useState(false);
  const [focusIndex, setFocusIndex] = useState(0);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const items = entries.filter(
    (e): e is Extract<MenuEntry, { kind: 'item' }> => e.kind === 'item' && e.disabled !== true,
  );

  useEffect(() => {
    if (!open) return;
    const target = menu.current?.querySelectorAll<HTMLElement>(
      '[role="menuitem"]:not([aria-disabled="true"])',
    )[focusIndex];
    target?.focus();
  }, [open, focusIndex]);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent): void => {
      const t = event.target as Node;
      if (!menu.current?.contains(t) && !button.current?.contains(t)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const openAt = (index: number): void => {
    setFocusIndex(index);
    setOpen(true);
  };
  const close = (): void => {
    setOpen(false);
    button.current?.focus();
  };

  const onButtonKey = (event: KeyboardEvent): void => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      openAt(0);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      openAt(items.length - 1);
    }
  };

  const onMenuKey = (event: KeyboardEvent): void => {
    const last = items.length - 1;
    const moves: Record<string, number> = {
      ArrowDown: focusIndex >= last ? 0 : focusIndex + 1,
      ArrowUp: focusIndex <= 0 ? last : focusIndex - 1,
      Home: 0,
      End: last,
    };
    const next = moves[event.key];
    if (next !== undefined) {
      event.preventDefault();
      setFocusIndex(next);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close();
    } else if (event.key === 'Tab') {
      setOpen(false);
    }
  };

  const select = (entry: Extract<MenuEntry, { kind: 'item' }>): void => {
    close();
    entry.onSelect();
  };

  return (
    <div className={`menu-button ${className ?? ''}`}>
      <button
        ref={button}
        type="button"
        className="menu-button__button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={label}
        data-testid={testId}
        onClick={() => (open ? setOpen(false) : openAt(0))}
        onKeyDown={onButtonKey}
      >
        {children}
      </button>
      {open && (
        <div
          ref={menu}
          id={menuId}
          role="menu"
          aria-label={label}
          className="menu-button__menu"
          tabIndex={-1}
          onKeyDown={onMenuKey}
        >
          {entries.map((entry) =>
            entry.kind === 'heading' ? (
              <div key={entry.id} role="presentation" className="menu-button__heading">
                {entry.label}
              </div>
            ) : (
              <button
                key={entry.id}
                type="button"
                role="menuitem"
                tabIndex={-1}
                className="menu-button__item"
                aria-disabled={entry.disabled === true}
                data-testid={testId === undefined ? undefined : `${testId}-${entry.id}`}
                onClick={() => {
                  if (entry.disabled !== true) select(entry);
                }}
              >
                <span className="menu-button__label">{entry.label}</span>
                {entry.detail !== undefined && (
                  <span className="menu-button__detail">{entry.detail}</span>
                )}
              </button>
            ),
          )}
        </div>
      )}
    </div>
  );
}
