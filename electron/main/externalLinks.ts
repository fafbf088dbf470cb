/** The only links the app opens in the system browser: its documentation, the gallery's licences and its datasets' sources. Checked in main, whatever the page asks. */
import { GALLERY } from '../../core/data/gallery/catalogue.ts';
import type { GalleryEntry } from '../../core/data/gallery/types.ts';

/** The documentation (Help › Documentation). */
export const DOCS_URL = 'https://github.com/rnn-studio/rnn-studio#readme';
const DOCS_ORIGIN = 'https://github.com';
const DOCS_PATH = '/rnn-studio/rnn-studio';

/** Raised for a link outside the allow-list. */
export class ExternalLinkError extends Error {
  override readonly name = 'ExternalLinkError';
}

/** The exact licence and source URLs of the gallery's entries. */
export function galleryLinks(entries: readonly GalleryEntry[] = GALLERY): Set<string> {
  const links = new Set<string>();
  for (const entry of entries) {
    if (entry.licence.url !== null) links.add(new URL(entry.licence.url).href);
    for (const file of entry.files) if (file.url !== null) links.add(new URL(file.url).href);
  }
  return links;
}

const GALLERY_LINKS = galleryLinks();

/**
 * Checks a link before it goes to `shell.openExternal`: an `https:` URL without credentials that
 * is the documentation (any page of the project's repository) or exactly one of the gallery's
 * licence or source URLs. Anything else — another site, `file:`, `smb:`, a custom protocol
 * handler — is refused, so a script in the page cannot send data out or start other programs.
 * @throws ExternalLinkError `Open link: url must be the documentation or a licence or source of the dataset gallery, got '<url>'.`
 */
export function checkExternalLink(raw: string, allowed: ReadonlySet<string> = GALLERY_LINKS): URL {
  const url = URL.canParse(raw) ? new URL(raw) : null;
  const docs =
    url !== null &&
    url.origin === DOCS_ORIGIN &&
    (url.pathname === DOCS_PATH || url.pathname.startsWith(`${DOCS_PATH}/`));
  const ok =
    url !== null &&
    url.protocol === 'https:' &&
    url.username === '' &&
    url.password === '' &&
    (docs || allowed.has(url.href));
  if (!ok || url === null) {
    throw new ExternalLinkError(
      `Open link: url must be the documentation or a licence or source of the dataset gallery, got '${raw}'.`,
    );
  }
  return url;
}
