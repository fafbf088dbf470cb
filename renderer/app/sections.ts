/** The app's five sections in workflow order, with the icon each shows in the navigation. */
import type { IconName } from '../components/Icon.tsx';

export const SECTION_IDS = ['data', 'model', 'train', 'evaluate', 'try'] as const;
export type SectionId = (typeof SECTION_IDS)[number];

/** The navigation icon of each section. */
export const SECTION_ICONS: Record<SectionId, IconName> = {
  data: 'table',
  model: 'layers',
  train: 'pulse',
  evaluate: 'gauge',
  try: 'play',
};
