/**
 * The audit-chain check as a check run drives it (stepped, with progress, wherever the walk
 * runs), and the issue it reports. Shared by the walk here (audit-chain.ts) and the walk in a
 * worker (audit-chain-parallel.ts, audit-chain-worker.ts), which otherwise would import each other.
 */
import { severityOf } from '../../../shared/checks/codes';
import type { CheckIssue } from '../../../shared/domain/checks';

export interface ChainCheck {
  readonly done: boolean;
  /** entries this run has to walk */
  total(): number;
  /** advances by about `size` entries (or waits that long for the worker); returns entries done since the last call */
  step(size: number): number;
  /** milliseconds the walk itself took (in the worker: its own time, not the waiting) */
  readonly walkMs: number;
  /** stops a worker still walking (a cancelled run) */
  dispose(): void;
  /** where the walk runs: 'worker', 'thread' (here from the outset), or 'fallback' (here after the worker failed) */
  readonly ranIn: 'worker' | 'thread' | 'fallback';
}

/** A broken entry found by the walk (db/audit-chain-walk.ts), as the checks report it. */
export function chainIssue(seq: number, message: string): CheckIssue {
  return { code: 'AUDIT_CHAIN_BROKEN', severity: severityOf('AUDIT_CHAIN_BROKEN'), subject: `audit:${seq}`, message };
}
