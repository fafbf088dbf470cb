/** The local log file: main's log lines (and the trainer's, which main relays) go to `<logs>/main.log` through electron-log, and to the console. */
import { join } from 'node:path';
// NOTE: electron-log's Node logger, not electron-log/main: the main flavour registers its own
// ipcMain handler ('__ELECTRON_LOG__') outside electron/main/ipc.ts's guard, and the renderer
// has no use for it (its errors reach main as IPC results and shell events).
import log from 'electron-log/node';

/** What main logs through. */
export interface LogFile {
  /** Writes one line at info level (console and file). */
  log(line: string): void;
  /** The log file's path (resolved at the first write). */
  path(): string;
}

/**
 * Sends log lines to `<logsDir()>/main.log`, kept under 5 MiB (electron-log renames a full file to
 * main.old.log and starts a new one). The folder is asked for at the first write, so main can
 * open the log before the app is ready.
 */
export function openLogFile(logsDir: () => string): LogFile {
  let path: string | undefined;
  const resolve = (): string => (path ??= join(logsDir(), 'main.log'));
  log.transports.file.resolvePathFn = resolve;
  log.transports.file.maxSize = 5 * 1024 * 1024;
  log.transports.console.format = '{text}';
  return { log: (line) => log.info(line), path: resolve };
}
