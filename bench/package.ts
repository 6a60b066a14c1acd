/**
 * Issue 5's package figure: the submission package of one month with 20,000 records and 2,000
 * attached documents (100 KB each, like a 数电 invoice PDF), built through package/build (the
 * month's checks, the report workbook, the documents by hash with their index, the manifest,
 * the zip) — against the bare minimum measured in the same run: the month's rows read into a
 * plain workbook and every document read, hashed and zipped with the same zip writer.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { createCore } from '../electron/core/core';
import { generateDemo } from '../electron/core/demo/generate';
import { pairedCountyCodes } from '../electron/core/reference/paired-counties';
import { storedPath, filesDirOf } from '../electron/core/attachments/store';
import { writeZip } from '../electron/core/package/zip';
import { valuesToColumns } from '../electron/core/records/columns';
import type { RecordValues } from '../shared/domain/record';
import type { Row } from './measure';

const RECORDS = 20_000;
const DOCUMENTS = 2_000;
const DOC_SIZE = 100 * 1024;
const PERIOD = '2021-11';

function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  return fn().then((r) => [r, performance.now() - t]);
}

export async function benchPackage(workDir: string): Promise<Row[]> {
  const dir = path.join(workDir, 'package-bench');
  fs.rmSync(dir, { recursive: true, force: true });
  const core = createCore({ dataDir: dir, actor: 'bench', rememberRecent: false });
  try {
    await core.call('ledger/create', { path: path.join(dir, 'month.db'), officeName: '松江区合作交流办（基准）', districtName: '松江区', districtCode: '310117' });
    const ledger = core.ctx.ledger!;
    const demo = generateDemo({
      rows: RECORDS,
      seed: 202111,
      pairedCountyCodes: pairedCountyCodes(ledger, core.ctx.reference),
      counties: core.ctx.reference.data.counties,
      startDate: `${PERIOD}-01`,
      endDate: `${PERIOD}-30`,
    });
    const rows = [...demo.records].map((v) => valuesToColumns(v as Partial<RecordValues>));
    ledger.write('基准：一个月的记录', (w) => w.insertMany('record', rows));
    const ids = ledger.db.prepare('SELECT id FROM records ORDER BY id LIMIT ?').pluck().all(DOCUMENTS) as number[];
    for (let i = 0; i < ids.length; i += 100) {
      const items = ids.slice(i, i + 100).map((id) => {
        const bytes = crypto.randomBytes(DOC_SIZE);
        bytes.write('%PDF-1.4\n', 0, 'latin1');
        return { target: { entity: 'record' as const, id }, role: '发票' as const, fileName: `发票-${id}.pdf`, content: bytes };
      });
      await core.call('attachments/addMany', { items });
    }

    // Baseline: the same month's rows into a plain workbook, the same documents read, hashed and zipped.
    const [, baselineMs] = await timed(async () => {
      const data = ledger.db.prepare(`SELECT * FROM records WHERE date >= ? AND date < ? ORDER BY date, id`).raw(true).all(`${PERIOD}-01`, '2021-12-01') as unknown[][];
      const book = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(data), '明细');
      const files = new Map<string, Uint8Array>([['report.xlsx', XLSX.write(book, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer]]);
      const shas = ledger.db.prepare('SELECT DISTINCT a.sha256 FROM attachments a JOIN attachment_links l ON l.attachment_id = a.id').pluck().all() as string[];
      for (const sha of shas) {
        const bytes = fs.readFileSync(storedPath(filesDirOf(ledger.path), sha));
        crypto.createHash('sha256').update(bytes).digest('hex');
        files.set(`documents/${sha}.pdf`, bytes);
      }
      return writeZip(files);
    });

    const [built, appMs] = await timed(() => core.call('package/build', { period: PERIOD, forceReason: '基准测试：演示数据' }));
    console.error(`报送包：${built.records} 条记录，${(built.content.byteLength / 1024 / 1024).toFixed(0)} MB`);
    return [
      {
        what: `生成报送包（一个月 ${RECORDS.toLocaleString('zh-CN')} 条记录、${DOCUMENTS.toLocaleString('zh-CN')} 个 100 KB 附件，含当月检查；对比：读出记录写成工作簿 + 读取、哈希并压缩全部附件）`,
        appMs,
        baselineMs,
        limitMs: 30_000,
        maxRatio: null,
      },
    ];
  } finally {
    core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
