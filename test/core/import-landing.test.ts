/** Issue 16, the landing half: every purchase row of every file lands once, truthfully reported, with what the unit wrote. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { QUARTER, quarterWorkbook, resaved, smallWorkbook } from '../support/unit-files';
import { coreWithLedger, tempDir } from './support';

const ROOT = path.resolve(__dirname, '../..');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'electron/cli/main.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
  return { code: r.status, stderr: r.stderr, json: () => JSON.parse(r.stdout) };
}

describe('a workbook with one sheet per month', () => {
  it('lands every month sheet as its own batch, with exactly the rows and totals a clerk counts', async () => {
    const { core } = await coreWithLedger();
    const r = await core.call('imports/file', { fileName: QUARTER.fileName, content: quarterWorkbook() });
    expect(r).toMatchObject({ status: 'imported', records: QUARTER.records, totalFen: QUARTER.totalFen, rejectedRows: 0, unreadRows: 4, duplicateRows: 0 });
    expect(r.sheets.map(({ sheet, status, records, totalFen }) => ({ sheet, status, records, totalFen }))).toEqual(
      QUARTER.sheets.map(({ sheet, records, totalFen }) => ({ sheet, status: 'imported', records, totalFen })),
    );
    const stats = await core.call('stats/summary', {});
    expect(stats).toMatchObject({ records: QUARTER.records, totalFen: QUARTER.totalFen });
    // (the record whose date could not be read is counted under no month)
    expect(Object.keys(stats.byMonth).filter((k) => /^\d{4}-\d{2}$/.test(k)).sort()).toEqual(['2021-10', '2021-11', '2021-12']);
    const { batches } = await core.call('imports/batches', {});
    expect(batches.map((b) => b.sheet).sort()).toEqual(['10月', '11月', '12月']);

    // the row with 2021/11/31 and 壹佰元整整: a record, its date and amount empty, the unit's text kept
    const { rows } = await core.call('records/list', { startRow: 0, endRow: 20, sort: [{ field: 'id', dir: 'asc' }], filters: {} });
    const invalid = rows.find((x) => x.productName === '昭通天麻')!;
    const got = await core.call('records/get', { id: invalid.id });
    expect(got).toMatchObject({ date: null, amountFen: null, purchaserName: '松江区第四中学', unread: { date: '2021/11/31', amountFen: '壹佰元整整' } });
    expect(got!.source).toEqual({
      file: QUARTER.fileName,
      sheet: '11月',
      row: 7,
      cells: [
        ['A', '序号', '4'],
        ['B', '采购单位', '松江区第四中学'],
        ['C', '日期', '2021/11/31'],
        ['D', '产品名称', '昭通天麻'],
        ['E', '产品类别', '中药材'],
        ['F', '产地', '昭阳区'],
        ['G', '销售渠道', '832平台'],
        ['H', '金额（元）', '壹佰元整整'],
      ],
    });
    const prepaid = rows.find((x) => x.productName === '消费帮扶卡')!;
    expect(await core.call('records/get', { id: prepaid.id })).toMatchObject({ channel: '其他', unread: { channel: '预付卡充值' } });
    expect(await core.call('verify/ledger', {})).toEqual({ ok: true, problems: [] });

    // the same file again: each sheet skipped, nothing added
    const again = await core.call('imports/file', { fileName: QUARTER.fileName, content: quarterWorkbook() });
    expect(again).toMatchObject({ status: 'skipped', records: 0 });
    expect(again.sheets.map((s) => s.error?.code)).toEqual(['ALREADY_IMPORTED', 'ALREADY_IMPORTED', 'ALREADY_IMPORTED']);
  });

  it('a re-saved copy is shown as repeats, not silently added', async () => {
    const { core } = await coreWithLedger();
    const original = quarterWorkbook();
    await core.call('imports/file', { fileName: QUARTER.fileName, content: original });
    const copy = resaved(original);
    expect(Buffer.compare(Buffer.from(copy), Buffer.from(original))).not.toBe(0);

    const preview = await core.call('imports/preview', { fileName: `副本-${QUARTER.fileName}`, content: copy, sheetName: '11月' });
    expect(preview.alreadyImported).toBeNull();
    expect(preview.duplicates.map((d) => d.sourceRow)).toEqual([4, 5, 6, 7, 9]);

    const r = await core.call('imports/file', { fileName: `副本-${QUARTER.fileName}`, content: copy });
    expect(r).toMatchObject({ status: 'skipped', records: 0, duplicateRows: QUARTER.records });
    expect(r.duplicates).toHaveLength(QUARTER.records);
    expect(r.sheets.map((s) => s.error?.code)).toEqual(['ALL_DUPLICATES', 'ALL_DUPLICATES', 'ALL_DUPLICATES']);
    expect((await core.call('stats/summary', {})).records).toBe(QUARTER.records);
  });

  it('last month’s sheet kept beside this month’s: its rows are repeats, this month’s land', async () => {
    const { core } = await coreWithLedger();
    await core.call('imports/file', { fileName: 'oct.xlsx', content: resaved(quarterWorkbook()), sheets: ['10月'] });
    const r = await core.call('imports/file', { fileName: QUARTER.fileName, content: quarterWorkbook() });
    expect(r.sheets.map((s) => [s.sheet, s.status, s.records, s.duplicateRows])).toEqual([
      ['10月', 'skipped', 0, 3],
      ['11月', 'imported', 5, 0],
      ['12月', 'imported', 2, 0],
    ]);
    expect((await core.call('stats/summary', {})).totalFen).toBe(QUARTER.totalFen);
  });
});

describe('cli import of several files', () => {
  it('a 40,000-character cell in the middle file: every file lands, the ledger keeps the whole text, the error workbook cuts it with a note', () => {
    const dir = tempDir();
    const ledger = path.join(dir, 'ledger.db');
    expect(cli(['init', ledger]).code).toBe(0);
    const long = '说明'.repeat(20_000);
    const files = [
      ['a.xlsx', smallWorkbook('松江区民政局')],
      ['b.ods', smallWorkbook('松江区卫健委', long, '2021/11/31', 'ods')],
      ['broken.xlsx', new Uint8Array(Buffer.from('PK\u0003\u0004 this is not a workbook at all'))],
      ['c.xlsx', smallWorkbook('松江区文旅局')],
    ] as const;
    for (const [name, bytes] of files) fs.writeFileSync(path.join(dir, name), bytes);
    const errors = path.join(dir, 'errors');
    const r = cli(['import', ledger, ...files.map(([n]) => path.join(dir, n)), '--errors', errors, '--json']);
    expect(r.code).toBe(1);
    const out = r.json().files;
    expect(out.map((f: { status: string; records: number; totalFen: number }) => [f.status, f.records, f.totalFen])).toEqual([
      ['imported', 3, 60000],
      ['imported', 3, 60000],
      ['failed', 0, 0],
      ['imported', 3, 60000],
    ]);
    expect(out[1]).toMatchObject({ unreadRows: 1, sheets: [{ sheet: '明细', status: 'imported', records: 3, totalFen: 60000 }] });

    // the error workbook: the row as the unit wrote it, the long cell cut with a note
    const wb = XLSX.read(fs.readFileSync(out[1].errorFile));
    const ws = wb.Sheets[wb.SheetNames[0]];
    const aoa = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: true });
    expect(aoa[0]).toEqual(['采购单位', '日期', '产品名称', '产地', '金额', '备注', '错误说明', '原行号']);
    expect(aoa[1][4]).toBe(200);
    expect(ws.E2.t).toBe('n');
    expect(String(aoa[1][5]).length).toBe(32_767);
    expect(String(aoa[1][5])).toContain('原文共 40000 字');
    expect(aoa[1][7]).toBe(3);

    // the ledger holds the whole text
    const db = new Database(ledger, { readonly: true });
    const row = db.prepare("SELECT remark, source_json, unread_json FROM records WHERE purchaser_name = '松江区卫健委' AND date IS NULL").get() as {
      remark: string;
      source_json: string;
      unread_json: string;
    };
    db.close();
    expect(row.remark).toHaveLength(500);
    expect(JSON.parse(row.unread_json)).toEqual({ date: '2021/11/31', remark: long });
    expect(JSON.parse(row.source_json).cells).toContainEqual(['F', '备注', long]);
    expect(cli(['verify', ledger, '--json']).json().ok).toBe(true);
  }, 600_000);

  it('--sheet imports only the named sheets, and reports each', () => {
    const dir = tempDir();
    const ledger = path.join(dir, 'ledger.db');
    cli(['init', ledger]);
    const file = path.join(dir, QUARTER.fileName);
    fs.writeFileSync(file, quarterWorkbook());
    const r = cli(['import', ledger, file, '--sheet', '10月', '--sheet', '12月', '--json']);
    expect(r.code).toBe(0);
    const [f] = r.json().files;
    expect(f).toMatchObject({ status: 'imported', records: 5, totalFen: 330050 + 100000 });
    expect(f.sheets.map((s: { sheet: string; status: string; records: number; totalFen: number }) => [s.sheet, s.status, s.records, s.totalFen])).toEqual([
      ['10月', 'imported', 3, 330050],
      ['12月', 'imported', 2, 100000],
    ]);
    const rest = cli(['import', ledger, file, '--json']).json().files[0];
    expect(rest.sheets.map((s: { sheet: string; status: string }) => [s.sheet, s.status])).toEqual([
      ['10月', 'skipped'],
      ['11月', 'imported'],
      ['12月', 'skipped'],
    ]);
  }, 600_000);
});
