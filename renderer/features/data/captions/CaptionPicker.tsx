/** Choosing captioning data: an image folder with its captions file (a directory picker) or a zip of one; the drop zone takes either too. */
import './captions.css';
import { useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { desktopApi } from '../../../app/bridge.ts';
import { folderFromInput } from './captionSource.ts';
import { failCaptionImport, importCaptions } from './importCaptions.ts';

/**
 * Desktop app: main's Open Folder dialog grants the folder and lists it; its files are read through
 * main (the page cannot reach the disk) and the trainer opens the folder itself.
 */
async function chooseGrantedFolder(
  desktop: NonNullable<ReturnType<typeof desktopApi>>,
): Promise<void> {
  const listing = await desktop.openImageFolder();
  if (listing === null) return;
  await importCaptions({
    kind: 'granted-folder',
    name: listing.name,
    root: listing.path,
    files: listing.files,
    open: (path, name) => desktop.openGrantedFile(path, name),
  });
}

export function CaptionPicker() {
  const { t } = useTranslation();
  const folderInput = useRef<HTMLInputElement>(null);
  const zipInput = useRef<HTMLInputElement>(null);
  const hintId = useId();
  return (
    <section className="panel caption-picker" aria-labelledby={`${hintId}-title`}>
      <div className="caption-picker__text">
        <h2 className="panel__title" id={`${hintId}-title`}>
          {t('captionData.picker.title')}
        </h2>
        <p className="panel__hint" id={hintId}>
          {t('captionData.picker.hint')}
        </p>
      </div>
      <div className="caption-picker__actions">
        <button
          type="button"
          className="button"
          aria-describedby={hintId}
          onClick={() => {
            const desktop = desktopApi();
            if (desktop === null) folderInput.current?.click();
            else
              chooseGrantedFolder(desktop).catch((err: unknown) =>
                failCaptionImport(t('captionData.picker.folder'), err),
              );
          }}
          data-testid="choose-caption-folder"
        >
          {t('captionData.picker.folder')}
        </button>
        <button
          type="button"
          className="button"
          aria-describedby={hintId}
          onClick={() => zipInput.current?.click()}
          data-testid="choose-caption-zip"
        >
          {t('captionData.picker.zip')}
        </button>
      </div>
      <input
        ref={(el) => {
          folderInput.current = el;
          // NOTE: React has no prop for it; the attribute makes the input pick a folder.
          el?.setAttribute('webkitdirectory', '');
        }}
        className="visually-hidden"
        type="file"
        multiple
        tabIndex={-1}
        aria-label={t('captionData.picker.folder')}
        data-testid="caption-folder-input"
        onChange={(event) => {
          const source = folderFromInput([...(event.currentTarget.files ?? [])]);
          event.currentTarget.value = '';
          if (source !== null) void importCaptions(source);
        }}
      />
      <input
        ref={zipInput}
        className="visually-hidden"
        type="file"
        accept=".zip"
        tabIndex={-1}
        aria-label={t('captionData.picker.zip')}
        data-testid="caption-zip-input"
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = '';
          if (file !== undefined) void importCaptions({ kind: 'zip', name: file.name, file });
        }}
      />
    </section>
  );
}
