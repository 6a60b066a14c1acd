/**
 * Issue 4's figure: attaching 1,000 files of 200 KB each to records through the contract
 * handlers (store by hash with fsync + rename, audited links) against the
 * bare minimum — read each file, hash it with node:crypto and copy it with fs. Both sides on
 * the same files, alternating, fresh ledger / fresh target folder each time, median of three.
 */
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

export async function benchAttachments(workDir: string): Promise<Row[]> {
  const sources = makeSources(path.join(workDir, 'attach-sources'));
  const ledgerDir = path.join(workDir, 'attach-ledger');
  const copyDir = path.join(workDir, 'attach-copy');
  let run = 0;

  /** A fresh ledger with one record, then `attach` adds every source file to it. */
  const inLedger = (attach: (core: ReturnType<typeof createCore>, target: { entity: 'record'; id: number }) => Promise<void>) => async () => {
    fs.rmSync(ledgerDir, { recursive: true, force: true });
    const core = createCore({ dataDir: ledgerDir, actor: 'bench', rememberRecent: false });
    try {
      await core.call('ledger/create', { path: path.join(ledgerDir, `bench-${run++}.db`), officeName: '基准测试' });
      const { changes } = await core.call('records/apply', { ops: [{ type: 'insert', values: { date: '2021-11-05', productName: '茶叶', amountFen: 100 } }] });
      await attach(core, { entity: 'record', id: changes[0].id });
    } finally {
      core.close();
    }
  };
  // What a drop of many files does: attachments/addMany, 100 files a call.
  const batched = inLedger(async (core, target) => {
    for (let i = 0; i < sources.length; i += 100) {
      const items = sources.slice(i, i + 100).map((file) => ({ target, role: '发票' as const, fileName: path.basename(file), content: fs.readFileSync(file) }));
      await core.call('attachments/addMany', { items });
    }
  });
  // One attachments/add call per file: an fsync'ed file and a committed transaction each.
  const oneByOne = inLedger(async (core, target) => {
    for (const file of sources) {
      await core.call('attachments/add', { target, role: '发票', fileName: path.basename(file), content: fs.readFileSync(file) });
    }
  });

  const baseline = () => {
    fs.rmSync(copyDir, { recursive: true, force: true });
    fs.mkdirSync(copyDir, { recursive: true });
    for (const file of sources) {
      const bytes = fs.readFileSync(file);
      const sha = crypto.createHash('sha256').update(bytes).digest('hex');
      fs.writeFileSync(path.join(copyDir, sha), bytes);
    }
  };

  const many = await compare(batched, baseline, { runs: 3, warmup: 1 });
  const single = await compare(oneByOne, baseline, { runs: 3, warmup: 1 });
  fs.rmSync(ledgerDir, { recursive: true, force: true });
  fs.rmSync(copyDir, { recursive: true, force: true });
  return [
    { what: `添加 ${FILES} 个 200 KB 附件，每次 100 个（对比：读取 + SHA-256 + fs 复制，不 fsync）`, ...many, limitMs: null, maxRatio: 1.5 },
    // For reference: durability per call (fsync of the file and of the ledger's WAL) dominates here.
    { what: `添加 ${FILES} 个 200 KB 附件，逐个添加（参考）`, ...single, limitMs: null, maxRatio: null },
  ];
}
