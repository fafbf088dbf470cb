/** Which section the app shows, as a tiny external store so any section can send the user on (the "Next" flow). */
import { useSyncExternalStore } from 'react';
import type { SectionId } from './sections.ts';

let current: SectionId = 'data';
const listeners = new Set<() => void>();

/** Shows `section`. */
export function goToSection(section: SectionId): void {
  if (section === current) return;
  current = section;
  for (const l of listeners) l();
}

/** The section shown; re-renders when it changes. */
export function useSection(): SectionId {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}
