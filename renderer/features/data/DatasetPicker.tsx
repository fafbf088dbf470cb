/** Where a dataset comes from: a drop zone with a file picker, the bundled samples, and the gallery. */

import { type DragEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GALLERY } from '../../../core/data/gallery/index.ts';
import { BUNDLED_SAMPLES, sampleBytes } from '../../../core/data/samples/index.ts';
import { datasetTitle, languageNames, licenceName } from '../../components/datasetText.ts';
import { formatBytes } from '../../components/format.ts';
import { Icon } from '../../components/Icon.tsx';
import { type DroppedEntry, folderFromEntry } from './captions/captionSource.ts';
import { importCaptions } from './captions/importCaptions.ts';
import { importFile } from './importDataset.ts';

/** File name endings the picker offers first (any file can still be chosen). */
const ACCEPT = '.csv,.tsv,.txt,.jsonl,.json,.conllu,.conll,.iob2,.bio,.yml,.yaml,.xlsx,.parquet';

function loadSample(id: string): void {
  const sample = BUNDLED_SAMPLES.find((s) => s.id === id);
  if (sample === undefined) return;
  const bytes = sampleBytes(sample);
  const file = new File([bytes as Uint8Array<ArrayBuffer>], sample.fileName, {
    type: 'text/plain',
  });
  void importFile(file, { sampleId: sample.id });
}

export function DropZone() {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const hintId = useId();
  const onDrop = (event: DragEvent<HTMLDivElement>): void => {
    event.preventDefault();
    setOver(false);
    // NOTE: a dropped folder or zip is captioning data (images with a captions file); the entry
    // must be taken during the event.
    const entry = event.dataTransfer.items[0]?.webkitGetAsEntry() as DroppedEntry | null;
    if (entry?.isDirectory === true) {
      void folderFromEntry(entry).then((source) => importCaptions(source));
      return;
    }
    const file = event.dataTransfer.files[0];
    if (file !== undefined && /\.zip$/i.test(file.name)) {
      void importCaptions({ kind: 'zip', name: file.name, file });
    } else if (file !== undefined) void importFile(file);
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the drop target is for the mouse; keyboard users have the button inside it.
    <div
      className="drop-zone"
      data-over={over}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <div className="drop-zone__icon">
        <Icon name="upload" size={26} />
      </div>
      <p className="drop-zone__title">{t('data.drop.title')}</p>
      <p className="drop-zone__hint" id={hintId}>
        {t('data.drop.formats')}
      </p>
      <button
        type="button"
        className="button button--primary"
        aria-describedby={hintId}
        onClick={() => input.current?.click()}
        data-testid="choose-file"
      >
        {t('data.drop.choose')}
      </button>
      <input
        ref={input}
        className="visually-hidden"
        type="file"
        accept={ACCEPT}
        tabIndex={-1}
        aria-label={t('data.drop.choose')}
        data-testid="dataset-file-input"
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = '';
          if (file !== undefined) void importFile(file);
        }}
      />
    </div>
  );
}

export function SampleCards() {
  const { t, i18n } = useTranslation();
  return (
    <section className="panel" aria-labelledby="samples-heading">
      <h2 className="panel__title" id="samples-heading">
        {t('data.samples.title')}
      </h2>
      <p className="panel__hint">{t('data.samples.hint')}</p>
      <div className="sample-cards">
        {BUNDLED_SAMPLES.map((s) => (
          <button
            type="button"
            key={s.id}
            className="sample-card"
            onClick={() => loadSample(s.id)}
            data-testid={`sample-${s.id}`}
          >
            <span className="sample-card__task">{t(`tasks.${s.task}.name`)}</span>
            <span className="sample-card__title">
              {t(`data.samples.items.${s.id}` as 'data.samples.items.seattle-weather')}
            </span>
            <span className="sample-card__meta">
              {s.fileName} · {formatBytes(s.text.length, i18n.language)} ·{' '}
              {licenceName(s.licence, t)}
            </span>
          </button>
        ))}
      </div>
    </section>
  );
}

export function GalleryList() {
  const { t, i18n } = useTranslation();
  return (
    <section className="panel" aria-labelledby="gallery-heading">
      <h2 className="panel__title" id="gallery-heading">
        {t('data.gallery.title')}
      </h2>
      <p className="panel__hint">{t('data.gallery.hint')}</p>
      <ul className="gallery">
        {GALLERY.map((entry) => {
          const bytes = entry.files.reduce((n, f) => n + f.bytes, 0);
          return (
            <li key={entry.id} className="gallery__item">
              <div className="gallery__main">
                <span className="gallery__title">{datasetTitle(entry, t)}</span>
                <span className="gallery__meta">
                  {t(`tasks.${entry.kind}.name`)} · {languageNames(entry.language, t)} ·{' '}
                  {formatBytes(bytes, i18n.language)}
                </span>
              </div>
              <span className="gallery__licence" title={entry.licence.text}>
                {licenceName(entry.licence, t)}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
