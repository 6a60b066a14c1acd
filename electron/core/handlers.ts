/**
 * The one handler map: every domain's handlers combined. `satisfies` makes TypeScript refuse a
 * contract operation without a handler; the runtime check refuses one registered twice.
 */
import type { OpName } from '../../shared/api';
import { attachmentHandlers } from './attachments/app';
import { auditHandlers } from './audit/app';
import { backupHandlers } from './backups/app';
import { verifyHandlers } from './audit/verify-app';
import type { HandlerMap } from './context';
import { certificateHandlers } from './certificates/app';
import { exportHandlers } from './exports/app';
import { importHandlers } from './import-batches/app';
import { jobHandlers } from './jobs/app';
import { ledgerHandlers } from './ledger/app';
import { listHandlers } from './lists/app';
import { recordHandlers } from './records/app';
import { packageHandlers } from './package/app';
import { referenceHandlers } from './reference/app';
import { reportHandlers } from './reports/app';
import { settingsHandlers } from './settings/app';
import { statsHandlers } from './stats/app';
import { checkHandlers } from './checks/app';
import { periodHandlers } from './periods/app';
import { planHandlers } from './periods/plans-app';

const domains = [ledgerHandlers, recordHandlers, importHandlers, listHandlers, settingsHandlers, auditHandlers, referenceHandlers, statsHandlers, verifyHandlers, exportHandlers, jobHandlers, reportHandlers, packageHandlers, checkHandlers, periodHandlers, planHandlers, backupHandlers, attachmentHandlers, certificateHandlers];

function combine(maps: object[]): Record<string, unknown> {
  const all: Record<string, unknown> = {};
  for (const map of maps) {
    for (const [name, handler] of Object.entries(map)) {
      if (name in all) throw new Error(`handler registered twice: ${name}`);
      all[name] = handler;
    }
  }
  return all;
}

export const handlers = combine(domains) as unknown as HandlerMap<OpName>;

// Compile-time completeness: every operation of the contract has a handler.
const _complete = {
  ...ledgerHandlers, ...recordHandlers, ...importHandlers, ...listHandlers, ...settingsHandlers, ...auditHandlers, ...referenceHandlers, ...statsHandlers, ...verifyHandlers, ...exportHandlers, ...jobHandlers, ...reportHandlers, ...packageHandlers, ...checkHandlers, ...periodHandlers, ...planHandlers, ...backupHandlers, ...attachmentHandlers, ...certificateHandlers,
} satisfies HandlerMap<OpName>;
void _complete;
