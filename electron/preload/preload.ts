/** The sandboxed preload: exposes `window.studio` through contextBridge and nothing else (never ipcRenderer). */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { StudioApi } from '../common/ipc/api.ts';
import { createStudioApi, type PreloadPort } from './studioApi.ts';

/**
 * The DOM MessagePort members used here. electron/ is type-checked without the DOM library (main
 * must not see `window`), so the preload names the few members it needs.
 */
interface DomMessagePort {
  postMessage(message: unknown): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  close(): void;
}

function adaptPort(port: DomMessagePort): PreloadPort {
  return {
    postMessage: (message) => port.postMessage(message),
    // NOTE: assigning onmessage starts the port, as port.start() would.
    onMessage: (listener) => {
      port.onmessage = (event) => listener(event.data);
    },
    close: () => port.close(),
  };
}

const api: StudioApi = createStudioApi({
  ipc: {
    invoke: (channel, payload) => ipcRenderer.invoke(channel, payload),
    on(channel, listener) {
      const handler = (event: Electron.IpcRendererEvent, data: unknown): void =>
        listener(data, (event.ports as unknown as DomMessagePort[]).map(adaptPort));
      ipcRenderer.on(channel, handler);
      return () => ipcRenderer.off(channel, handler);
    },
  },
  getPathForFile: (file) => webUtils.getPathForFile(file),
});

contextBridge.exposeInMainWorld('studio', api);
