/**
 * The preload (with a mocked electron module): the page gets exactly two functions, `invoke`
 * on the contract's channel and `openAttachment` (an id, never a path) on its own;
 * ipcRenderer itself is never exposed.
 */
import { describe, expect, it, vi } from 'vitest';

const exposed = vi.hoisted(() => ({ worlds: new Map<string, Record<string, unknown>>(), sent: [] as unknown[][] }));
vi.mock('electron', () => {
  const module = {
    contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.worlds.set(key, api) },
    ipcRenderer: { invoke: (...args: unknown[]) => (exposed.sent.push(args), Promise.resolve({ ok: true })) },
  };
  return { ...module, default: module };
});

describe('the preload', () => {
  it('exposes only invoke and openAttachment, each on its channel', async () => {
    await import('../../electron/preload/index');
    expect([...exposed.worlds.keys()]).toEqual(['ledger']);
    const api = exposed.worlds.get('ledger')!;
    expect(Object.keys(api)).toEqual(['invoke', 'openAttachment']);
    await (api.invoke as (n: string, a: unknown) => Promise<unknown>)('records/list', { startRow: 0 });
    await (api.openAttachment as (id: number) => Promise<unknown>)(7);
    expect(exposed.sent).toEqual([
      ['ledger:invoke', { name: 'records/list', args: { startRow: 0 } }],
      ['ledger:openAttachment', 7],
    ]);
  });
});
