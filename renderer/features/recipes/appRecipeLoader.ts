/** The app's recipe loader: the app store, the importer, the browser's fetch and Cache Storage (web), main's downloader (Electron). */
import { getStudio } from '../../app/bridge.ts';
import { studioStore } from '../../app/store.ts';
import { isLanguage } from '../../i18n/language.ts';
import { importFile } from '../data/importDataset.ts';
import { browserDatasetCache } from './datasetCache.ts';
import { createRecipeLoader, type RecipeLoader } from './recipeLoader.ts';

const cache = browserDatasetCache();

/** The loader the recipe gallery uses. */
export const recipeLoader: RecipeLoader = createRecipeLoader({
  store: studioStore,
  importFile,
  shell: async () => (await getStudio()).shell,
  desktop: async () => (await getStudio()).desktop ?? null,
  fetch: (url) => fetch(url),
  // NOTE: the UI language as i18n.ts keeps it on <html lang>.
  language: () => {
    const lng = document.documentElement.lang;
    return isLanguage(lng) ? lng : 'en';
  },
  ...(cache !== undefined ? { cache } : {}),
});
