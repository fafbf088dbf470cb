/** Says which of the previous file's reading settings were kept for this file, or that they did not fit. */
import { useTranslation } from 'react-i18next';
import type { ReadingCarryNote } from './readingCarry.ts';

export function ReadingCarried({ note }: { note: ReadingCarryNote }) {
  const { t } = useTranslation();
  const names = (keys: readonly string[]) =>
    keys.map((k) => t(`data.reading.options.${k}` as 'data.reading.options.format')).join(', ');
  return (
    <p className="reading__carried" role="status" data-testid="reading-carried">
      {note.kept.length > 0
        ? t('data.reading.carriedKept', { file: note.fromFile, options: names(note.kept) })
        : t('data.reading.carriedDropped', { file: note.fromFile, options: names(note.dropped) })}
    </p>
  );
}
