/** Open and save dialogs follow the UI language. */
import { expect, test } from 'vitest';
import { localizeDialogOptions } from './dialogLocale.ts';

const open = {
  title: 'Open Dataset',
  properties: ['openFile' as const],
  filters: [
    { name: 'Datasets', extensions: ['csv'] },
    { name: 'All Files', extensions: ['*'] },
  ],
};

test('translates titles and filter names to Korean and keeps everything else', () => {
  expect(localizeDialogOptions(open, 'ko')).toEqual({
    title: '데이터셋 열기',
    properties: ['openFile'],
    filters: [
      { name: '데이터셋', extensions: ['csv'] },
      { name: '모든 파일', extensions: ['*'] },
    ],
  });
  expect(localizeDialogOptions({ title: "Locate 'sales.csv'" }, 'ko').title).toBe(
    "'sales.csv' 위치 찾기",
  );
});

test('leaves English as written', () => {
  expect(localizeDialogOptions(open, 'en')).toBe(open);
});
