/** The application menu wired to the app: File commands go to the renderer or the project session, the recent list follows the OS's own, and the menu is rebuilt when either changes. */
import { app, Menu, shell } from 'electron';
import type { MenuCommand } from '../../common/ipc/api.ts';
import { EVENT_CHANNELS } from '../../common/ipc/channels.ts';
import type { ProjectView } from '../../common/projectSchema.ts';
import type { DesktopShell } from '../desktop/desktopShell.ts';
import { DOCS_URL } from '../externalLinks.ts';
import type { FileGrants } from '../fileGrants.ts';
import { buildMenuTemplate, type MenuActions } from '../menu.ts';
import type { OpenFileQueue } from '../openFiles.ts';
import { ProjectRequestError, type ProjectSession } from '../projects/projectSession.ts';
import type { Dialogs } from './dialogs.ts';
import type { Windows } from './windows.ts';
import { sendToWindows } from './windows.ts';

/** What {@link createAppMenu} needs. */
export interface AppMenuOptions {
  isDev: boolean;
  session: ProjectSession;
  desktop: DesktopShell;
  dialogs: Dialogs;
  windows: Windows;
  grants: FileGrants;
  /** Datasets chosen from File › Open Dataset… go to the window through this queue. */
  openFiles: OpenFileQueue;
  log: (line: string) => void;
}

/** The menu's handle. */
export interface AppMenu {
  /** Rebuilds the menu (recent list, UI language) and adds the newest project to the OS's list. */
  refresh(): void;
  /** Main changed the project itself: windows get the view and the menu is rebuilt. */
  projectChanged(view: ProjectView): void;
}

export function createAppMenu(options: AppMenuOptions): AppMenu {
  const { session, desktop, log } = options;
  const refresh = (): void => {
    session
      .recent()
      .then((recent) => {
        // NOTE: the OS's own recent list (macOS Dock and File › Open Recent, the Windows jump
        // list) follows ours: the newest project is (re)added there whenever ours changes.
        const newest = recent[0];
        if (newest !== undefined) app.addRecentDocument(newest.path);
        const template = buildMenuTemplate({
          platform: process.platform,
          isDev: options.isDev,
          recent,
          actions: menuActions(options, projectChanged),
        });
        Menu.setApplicationMenu(Menu.buildFromTemplate(desktop.menu(template)));
      })
      .catch((err: unknown) => log(`Menu: building it failed: ${(err as Error).message}`));
  };
  const projectChanged = (view: ProjectView): void => {
    sendToWindows(EVENT_CHANNELS.projectChanged, view);
    refresh();
  };
  return { refresh, projectChanged };
}

/**
 * What the menu's items do. Commands that need the renderer's state or a dialog tied to it go to
 * the renderer, which calls the matching desktop API; Save Project needs no input, so main does it.
 */
function menuActions(
  options: AppMenuOptions,
  projectChanged: (view: ProjectView) => void,
): MenuActions {
  const { session, log } = options;
  const menuCommand = (command: MenuCommand): void =>
    sendToWindows(EVENT_CHANNELS.menuCommand, command);
  return {
    newProject: () => menuCommand({ command: 'new-project' }),
    openProject: () => menuCommand({ command: 'open-project' }),
    openRecentProject: (path) => menuCommand({ command: 'open-recent-project', path }),
    saveProject: () => {
      session.save().then(projectChanged, (err: unknown) => {
        if (err instanceof ProjectRequestError) menuCommand({ command: 'save-project-as' });
        else log(`Saving the project failed: ${(err as Error).message}`);
      });
    },
    saveProjectAs: () => menuCommand({ command: 'save-project-as' }),
    openDataset: () => {
      options.dialogs
        .chooseDatasets(options.windows.current())
        .then((chosen) => {
          // Chosen in the dialog: granted as they are; only paths the OS hands over are vetted.
          for (const path of chosen) options.openFiles.push(options.grants.grantFile(path));
        })
        .catch((err: unknown) => log(`Open dataset failed: ${(err as Error).message}`));
    },
    openHelp: () => void shell.openExternal(DOCS_URL),
  };
}
