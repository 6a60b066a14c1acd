/** Backups: list, take one now, restore one (the current state is backed up first). */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/result';
import { defineHandlers, requireLedger } from '../context';
import { closeCurrent, ledgerStatus, makeCurrent, sessionOptions } from '../ledger/app';
import { openLedger } from '../ledger/session';
import { forgetHead } from '../ledger/witness';
import { putBackupInPlace, setDamagedAside } from './restore';
import { backupFolder, createBackup, listBackups } from './store';

function insideFolder(folder: string, file: string): boolean {
  const rel = path.relative(folder, path.resolve(file));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

export const backupHandlers = defineHandlers({
  'backups/list': (ctx) => ({ backups: listBackups(requireLedger(ctx).path) }),

  'backups/create': async (ctx) => {
    const ledger = requireLedger(ctx);
    const file = await createBackup(ledger.db, ledger.path, '-manual');
    return { backup: listBackups(ledger.path).find((b) => b.file === file)! };
  },

  'backups/restore': async (ctx, { file }) => {
    const ledger = requireLedger(ctx);
    const ledgerPath = ledger.path;
    if (!insideFolder(backupFolder(ledgerPath), file)) throw new AppError('BAD_ARGS', '只能恢复本台账备份文件夹中的备份');
    const safety = await createBackup(ledger.db, ledgerPath, '-before-restore');
    closeCurrent(ctx);
    try {
      putBackupInPlace(path.resolve(file), ledgerPath);
      // Restored on purpose: the head this PC remembered is not a loss to warn about.
      forgetHead(ctx, ledgerPath);
    } finally {
      // Whatever happened, the ledger (restored or as it was) is opened again.
      makeCurrent(ctx, await openLedger(ledgerPath, sessionOptions(ctx)));
    }
    const status = ledgerStatus(ctx);
    return { ...status, notice: `已恢复备份“${path.basename(file)}”。恢复前的台账已另存为备份“${path.basename(safety)}”，如需可再恢复回来。` };
  },

  /** For a ledger that will not open (LEDGER_DAMAGED): keep it aside, put the backup in its place, open it. */
  'backups/restoreDamaged': async (ctx, { ledgerPath, file }) => {
    const target = path.resolve(ledgerPath);
    if (!insideFolder(backupFolder(target), file)) throw new AppError('BAD_ARGS', '只能恢复该台账备份文件夹中的备份');
    if (ctx.ledger?.path === target) throw new AppError('BAD_ARGS', '该台账正在使用中，请在“备份”页恢复');
    const aside = setDamagedAside(target);
    try {
      putBackupInPlace(path.resolve(file), target);
    } catch (err) {
      // Nothing restored: put the damaged file back where the user expects it.
      setDamagedAsideUndo(aside, target);
      throw err;
    }
    forgetHead(ctx, target);
    const status = makeCurrent(ctx, await openLedger(target, sessionOptions(ctx)));
    return { ...status, notice: `已用备份“${path.basename(file)}”恢复台账；损坏的文件保留为“${path.basename(aside)}”。备份之后的修改需要重新录入或导入。` };
  },
});

function setDamagedAsideUndo(aside: string, target: string): void {
  try {
    fs.renameSync(aside, target);
  } catch {
    // leave it aside; the error already tells the user what failed
  }
}
