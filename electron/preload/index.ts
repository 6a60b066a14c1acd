/**
 * The preload exposes an allowlist, never ipcRenderer itself: `invoke(name, args)` for the
 * contract, and `openAttachment(id)` to open an attachment with the system's viewer.
 * It imports only 'electron'.
 */
import { contextBridge, ipcRenderer } from 'electron';

contextBridge.exposeInMainWorld('ledger', {
  invoke: (name: string, args: unknown) => ipcRenderer.invoke('ledger:invoke', { name, args }),
  openAttachment: (attachmentId: number) => ipcRenderer.invoke('ledger:openAttachment', attachmentId),
});
