/**
 * The Windows installer's configuration (electron-builder builds it on a Windows machine with
 * internet; see the README): per-user NSIS, the ledger file type, the native module unpacked
 * from the asar, and Electron's fuses flipped after packing.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'electron-builder.json'), 'utf8'));
const require = createRequire(import.meta.url);

describe('Windows packaging', () => {
  it('builds a per-user NSIS installer that does not ask for administrator rights', () => {
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowElevation: false, deleteAppDataOnUninstall: false });
  });

  it('associates the ledger file type with the app', () => {
    expect(config.fileAssociations).toEqual([expect.objectContaining({ ext: 'bfdb', description: '帮扶台账文件' })]);
  });

  it('packs the app into an asar with better-sqlite3’s native binary unpacked beside it', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**/*.node');
    expect(config.files).toContain('out/**/*');
    const main = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).main;
    expect(config.files.some((pattern: string) => main.startsWith(pattern.replace('/**/*', '')))).toBe(true);
  });

  it('flips the fuses after packing: no run-as-node, no NODE_OPTIONS or inspect, asar integrity enforced', async () => {
    expect(config.afterPack).toBe('scripts/after-pack.cjs');
    const hook = require(path.join(ROOT, 'scripts/after-pack.cjs'));
    expect(hook.FUSES).toEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      GrantFileProtocolExtraPrivileges: false,
    });
    // every fuse named is one @electron/fuses knows, so the hook cannot silently skip one
    const { FuseV1Options } = require('@electron/fuses');
    for (const name of Object.keys(hook.FUSES)) expect(FuseV1Options[name], name).toEqual(expect.any(Number));
    expect(typeof hook.default).toBe('function');
  });
});
