/** Check for Updates… is on only for an installed, signed build with an update feed, and says why otherwise. */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DESKTOP_STRINGS } from './strings.ts';
import { checkForUpdates, isSignedBuild, type Updater, updateAvailability } from './updates.ts';

const en = DESKTOP_STRINGS.en;
const feed = 'provider: github\nowner: rnn-studio\nrepo: rnn-studio\n';

describe('updateAvailability', () => {
  test('is off when running from source, without a feed, or unsigned, saying why', () => {
    expect(updateAvailability({ isPackaged: false, updateConfig: feed, signed: true }, en)).toEqual(
      {
        enabled: false,
        reason: 'Updates are off: this copy runs from the source, not an installed app.',
      },
    );
    expect(updateAvailability({ isPackaged: true, updateConfig: null, signed: true }, en)).toEqual({
      enabled: false,
      reason: 'Updates are off: this build names no update feed.',
    });
    expect(
      updateAvailability(
        { isPackaged: true, updateConfig: feed, signed: false },
        DESKTOP_STRINGS.ko,
      ),
    ).toEqual({
      enabled: false,
      reason: '업데이트 꺼짐: 서명되지 않은 빌드라 업데이트를 검증할 수 없습니다.',
    });
  });

  test('is on for an installed, signed build with a feed', () => {
    expect(updateAvailability({ isPackaged: true, updateConfig: feed, signed: true }, en)).toEqual({
      enabled: true,
    });
  });
});

describe('isSignedBuild', () => {
  test('Windows: signed when app-update.yml names the publisher', () => {
    const base = { platform: 'win32' as const, execPath: 'C:\\RNN Studio\\rnn-studio.exe' };
    expect(isSignedBuild({ ...base, updateConfig: feed })).toBe(false);
    expect(isSignedBuild({ ...base, updateConfig: `${feed}publisherName: RNN Studio\n` })).toBe(
      true,
    );
  });

  test('macOS: signed when the bundle has a code signature', () => {
    const app = join(mkdtempSync(join(tmpdir(), 'mac-')), 'RNN Studio.app', 'Contents');
    mkdirSync(join(app, 'MacOS'), { recursive: true });
    const execPath = join(app, 'MacOS', 'RNN Studio');
    expect(isSignedBuild({ platform: 'darwin', execPath, updateConfig: feed })).toBe(false);
    mkdirSync(join(app, '_CodeSignature'));
    expect(isSignedBuild({ platform: 'darwin', execPath, updateConfig: feed })).toBe(true);
  });

  test('Linux builds are not signed', () => {
    expect(isSignedBuild({ platform: 'linux', execPath: '/opt/x', updateConfig: feed })).toBe(
      false,
    );
  });
});

describe('checkForUpdates', () => {
  const updater = (answer: Updater['checkForUpdates']): Updater => ({
    autoDownload: false,
    autoInstallOnAppQuit: false,
    checkForUpdates: answer,
  });

  test('reports a newer version, downloaded and installed on quit', async () => {
    const u = updater(async () => ({ isUpdateAvailable: true, updateInfo: { version: '0.2.0' } }));
    expect(await checkForUpdates(u, '0.1.0', en)).toBe(
      'RNN Studio 0.2.0 is available; it is downloaded and installed when you quit.',
    );
    expect(u.autoDownload && u.autoInstallOnAppQuit).toBe(true);
  });

  test('reports the current version as the latest, and a failure with its reason', async () => {
    const none = updater(async () => ({
      isUpdateAvailable: false,
      updateInfo: { version: '0.1.0' },
    }));
    expect(await checkForUpdates(none, '0.1.0', en)).toBe(
      'RNN Studio 0.1.0 is the latest version.',
    );
    const offline = updater(async () => {
      throw new Error('net::ERR_INTERNET_DISCONNECTED');
    });
    expect(await checkForUpdates(offline, '0.1.0', en)).toBe(
      'Checking for updates failed: net::ERR_INTERNET_DISCONNECTED',
    );
  });
});
