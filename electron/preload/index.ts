/**
 * The preload exposes an allowlist, never ipcRenderer itself: one `invoke(name, args)`.
 * It imports only 'electron'.
 */
import { contextBridge, ipcRenderer } from 'electron';

contextBridge.exposeInMainWorld('ledger', {
  invoke: (name: string, args: unknown) => ipcRenderer.invoke('ledger:invoke', { name, args }),
});
