/**
 * Issue 4's figure: attaching 1,000 files of 200 KB each to records through the contract
 * handlers (each file flushed to disk under a temporary name before the audited links commit,
 * renamed to its hash meanwhile; store-many.ts) against the bare minimum — read each file, hash
 * it with node:crypto and write it with fs, nothing flushed. Both sides on the same files,
 * alternating, a fresh ledger / fresh target folder (untimed) each time, removed right after,
 * median of eleven (single samples of either side vary by ±30% on this kind of VM; see
 * docs/status.md). A fresh ledger's store folders are made with the ledger, as for any
 * ledger a user creates. A copy that fsyncs each file, and one attachments/add call per file,
 * are reported for reference.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createCore } from '../electron/core/core';
import { compare, type Row } from './measure';

const FILES = 1000;
const SIZE = 200 * 1024;

function makeSources(dir: string): string[] {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return Array.from({ length: FILES }, (_, i) => {
    const file = path.join(dir, `发票-${String(i).padStart(4, '0')}.pdf`);
    const bytes = crypto.randomBytes(SIZE);
    bytes.write('%PDF-1.4\n', 0, 'latin1');
    fs.writeFileSync(file, bytes);
    return file;
  });
}

/**
 * Writes still waiting in the page cache from the previous sample would otherwise be paid for
 * by whichever side runs next (the kernel throttles writers while it flushes them), so every
 * sample starts with none: `sync` where there is one (Linux, macOS).
 */
function flushDirtyPages(): void {
  if (process.platform !== 'win32') spawnSync('sync');
}

export async function benchAttachments(workDir: string): Promise<Row[]> {
  const sources = makeSources(path.join(workDir, 'attach-sources'));
  const ledgerDir = path.join(workDir, 'attach-ledger');
  const copyDir = path.join(workDir, 'attach-copy');
  let run = 0;
  let core: ReturnType<typeof createCore> | null = null;
  let target = { entity: 'record' as const, id: 0 };

  /** Untimed: a fresh ledger with one record, for the timed part to attach every source file to. */
  const freshLedger = async () => {
    removeLedger();
    core = createCore({ dataDir: ledgerDir, actor: 'bench', rememberRecent: false });
    await core.call('ledger/create', { path: path.join(ledgerDir, `bench-${run++}.db`), officeName: '基准测试' });
    const { changes } = await core.call('records/apply', { ops: [{ type: 'insert', values: { date: '2021-11-05', productName: '茶叶', amountFen: 100 } }] });
    target = { entity: 'record', id: changes[0].id };
    flushDirtyPages();
  };
  /**
   * Untimed, straight after each sample of either side: what it wrote is removed at once, so
   * every sample starts from the same state — 200 MB just freed by the sample before it. Left
   * until that side's next sample, the files sat cold through the other side's sample, and
   * this kind of VM reclaims cold memory on its own (DAMON pageout, free page reporting to the
   * host; docs/status.md), which made the start state differ by side and by luck.
   */
  const removeLedger = () => {
    core?.close();
    core = null;
    fs.rmSync(ledgerDir, { recursive: true, force: true });
  };
  const removeCopy = () => fs.rmSync(copyDir, { recursive: true, force: true });
  // What a drop of many files does: attachments/addMany, 100 files a call.
  const batched = {
    setup: freshLedger,
    teardown: removeLedger,
    run: async () => {
      for (let i = 0; i < sources.length; i += 100) {
        const items = sources.slice(i, i + 100).map((file) => ({ target, role: '发票' as const, fileName: path.basename(file), content: fs.readFileSync(file) }));
        await core!.call('attachments/addMany', { items });
      }
    },
  };
  // One attachments/add call per file: an fsync'ed file and a committed transaction each
  // (one file has no other to share a flush with).
  const oneByOne = {
    setup: freshLedger,
    teardown: removeLedger,
    run: async () => {
      for (const file of sources) {
        await core!.call('attachments/add', { target, role: '发票', fileName: path.basename(file), content: fs.readFileSync(file) });
      }
    },
  };

  const baseline = {
    setup: () => {
      removeCopy();
      fs.mkdirSync(copyDir, { recursive: true });
      flushDirtyPages();
    },
    teardown: removeCopy,
    run: () => {
      for (const file of sources) {
        const bytes = fs.readFileSync(file);
        const sha = crypto.createHash('sha256').update(bytes).digest('hex');
        fs.writeFileSync(path.join(copyDir, sha), bytes);
      }
    },
  };

  // The same copy made durable (each file fsync'ed before the next), which is the guarantee the
  // store gives before it links a file: reported beside the baseline for reference.
  const durableBaseline = {
    setup: baseline.setup,
    teardown: removeCopy,
    run: () => {
      for (const file of sources) {
        const bytes = fs.readFileSync(file);
        const sha = crypto.createHash('sha256').update(bytes).digest('hex');
        const fd = fs.openSync(path.join(copyDir, sha), 'w');
        try {
          fs.writeSync(fd, bytes);
          fs.fsyncSync(fd);
        } finally {
          fs.closeSync(fd);
        }
      }
    },
  };

  const many = await compare(batched, baseline, { runs: 11, warmup: 1 });
  const durable = await compare(batched, durableBaseline, { runs: 3, warmup: 0 });
  const single = await compare(oneByOne, baseline, { runs: 3, warmup: 1 });
  removeLedger();
  removeCopy();
  return [
    { what: `添加 ${FILES} 个 200 KB 附件，每次 100 个（对比：读取 + SHA-256 + fs 复制，不 fsync）`, ...many, limitMs: null, maxRatio: 1.5 },
    { what: `添加 ${FILES} 个 200 KB 附件，每次 100 个（参考：对比逐个 fsync 的复制）`, ...durable, limitMs: null, maxRatio: null },
    // For reference: durability per call (fsync of the file and of the ledger's WAL) dominates here.
    { what: `添加 ${FILES} 个 200 KB 附件，逐个添加（参考）`, ...single, limitMs: null, maxRatio: null },
  ];
}
