/** Opt-in "Check for Updates…" with electron-updater: on only in an installed, signed build that names an update feed (build/electron-builder.yml `publish`), else off with the reason. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DesktopStrings } from './strings.ts';

/** What decides whether updates can be offered. */
export interface UpdateFacts {
  /** `app.isPackaged`. */
  isPackaged: boolean;
  /** The `app-update.yml` electron-builder writes into resources when `publish` is set; null if absent. */
  updateConfig: string | null;
  /** Whether this build is code-signed ({@link isSignedBuild}). */
  signed: boolean;
}

/** Whether Check for Updates… is on, and if not, why (in the UI language). */
export type UpdateAvailability = { enabled: true } | { enabled: false; reason: string };

export function updateAvailability(
  facts: UpdateFacts,
  strings: DesktopStrings,
): UpdateAvailability {
  if (!facts.isPackaged) return { enabled: false, reason: strings.updatesNotPackaged };
  if (facts.updateConfig === null) return { enabled: false, reason: strings.updatesNoFeed };
  if (!facts.signed) return { enabled: false, reason: strings.updatesUnsigned };
  return { enabled: true };
}

/**
 * Whether the running build is code-signed, from what signing leaves behind: on Windows,
 * electron-builder writes `publisherName` into app-update.yml only for a signed build (and
 * electron-updater then checks the update's signature against it); on macOS a signed bundle has
 * `Contents/_CodeSignature`. Linux builds are not signed.
 */
export function isSignedBuild(options: {
  platform: NodeJS.Platform;
  execPath: string;
  updateConfig: string | null;
}): boolean {
  if (options.platform === 'win32') return /^publisherName:/m.test(options.updateConfig ?? '');
  if (options.platform === 'darwin') {
    // execPath: RNN Studio.app/Contents/MacOS/RNN Studio
    return existsSync(join(dirname(options.execPath), '..', '_CodeSignature'));
  }
  return false;
}

/** Reads `<resources>/app-update.yml`, or null when the build has none. */
export function readUpdateConfig(resourcesPath: string): string | null {
  const path = join(resourcesPath, 'app-update.yml');
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

/** The updater calls a check needs (electron-updater's autoUpdater satisfies it). */
export interface Updater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  checkForUpdates(): Promise<{
    isUpdateAvailable?: boolean;
    updateInfo: { version: string };
  } | null>;
}

/**
 * One check the user asked for: downloads an available update in the background and installs it
 * when the app quits; resolves with the message to show.
 */
export async function checkForUpdates(
  updater: Updater,
  currentVersion: string,
  strings: DesktopStrings,
): Promise<string> {
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  try {
    const result = await updater.checkForUpdates();
    if (result?.isUpdateAvailable === true)
      return strings.updateAvailable(result.updateInfo.version);
    return strings.upToDate(currentVersion);
  } catch (err) {
    return strings.updateFailed((err as Error).message);
  }
}
