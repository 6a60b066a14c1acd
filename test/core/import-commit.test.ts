/** Import into a real ledger: the team's fixtures land with exactly their figures; batches roll back. */
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { TEAM_FIXTURES } from '../support/fixtures';
import { coreWithLedger } from './support';

const FIXTURES = TEAM_FIXTURES;
const samples = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'samples.json'), 'utf8')) as {
  files: { file: string; records: number; totalFen: number; months: string[] }[];
};

function workbook(rows: unknown[][]): Uint8Array {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '明细');
  return new Uint8Array(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
}

describe('import into the ledger', () => {
  for (const sample of samples.files) {
    it(`lands ${sample.file} with exactly ${sample.records} records and ${sample.totalFen} fen`, async () => {
      const { core } = await coreWithLedger();
      const content = fs.readFileSync(path.join(FIXTURES, sample.file));
      const r = await core.call('imports/file', { fileName: sample.file, content });
      expect(r).toMatchObject({ status: 'imported', records: sample.records, totalFen: sample.totalFen, rejectedRows: 0 });
      const stats = await core.call('stats/summary', {});
      expect(stats.records).toBe(sample.records);
      expect(stats.totalFen).toBe(sample.totalFen);
      expect(Object.keys(stats.byMonth)).toEqual(sample.months);
      expect((await core.call('verify/ledger', {})).ok).toBe(true);

      const again = await core.call('imports/file', { fileName: `copy-${sample.file}`, content });
      expect(again).toMatchObject({ status: 'skipped', records: 0, error: { code: 'ALREADY_IMPORTED' } });
      expect((await core.call('stats/summary', {})).records).toBe(sample.records);
    });
  }

  it('previews without writing, commits corrections, and rolls a batch back whole', async () => {
    const { core } = await coreWithLedger();
    const content = workbook([
      ['日期', '采购单位', '产品名称', '产地', '金额（元）'],
      ['2021-11-05', '松江区教育局', '勐海普洱茶', '勐海县', '1,280.50'],
      ['2021-11-06', '松江区教育局', '昭通苹果', '火星县', '300'],
      ['2021-11-07', '松江区中心医院', '莎车巴旦木', '莎车县', '五百块'],
    ]);
    const preview = await core.call('imports/preview', { fileName: 'a.xlsx', content });
    expect(preview.totals).toMatchObject({ rows: 3, validRows: 1, errorRows: 2 });
    expect((await core.call('records/totals', { filters: {} })).count).toBe(0);

    // Issue 16: the row with an amount nobody can read lands too, its amount empty and its text kept.
    const commit = await core.call('imports/commit', { stageId: preview.stageId, edits: { '3': { originCode: '530602' } }, skipRows: [] });
    // the corrected county is read; the amount is not: one record to look at in 检查
    expect(commit).toMatchObject({ records: 3, totalFen: 128050 + 30000, rejectedRows: [], unreadRows: 1 });
    const { batches } = await core.call('imports/batches', {});
    expect(batches[0]).toMatchObject({ fileName: 'a.xlsx', records: 3, rejectedRows: 0, rolledBackAt: null });
    const { rows } = await core.call('records/list', { startRow: 0, endRow: 10, sort: [{ field: 'date', dir: 'asc' }], filters: {} });
    const corrected = await core.call('records/get', { id: rows[1].id });
    expect(corrected).toMatchObject({ originCode: '530602', unread: null, source: { file: 'a.xlsx', sheet: '明细', row: 3 } });
    expect(corrected!.source!.cells).toContainEqual(['D', '产地', '火星县']);
    expect(await core.call('records/get', { id: rows[2].id })).toMatchObject({ amountFen: null, unread: { amountFen: '五百块' } });

    expect(await core.call('imports/rollback', { batchId: commit.batchId })).toEqual({ records: 3 });
    expect((await core.call('records/totals', { filters: {} })).count).toBe(0);
    expect((await core.call('verify/ledger', {})).ok).toBe(true);
    // after a rollback the same file may be imported again
    expect(await core.call('imports/file', { fileName: 'a.xlsx', content })).toMatchObject({ status: 'imported', records: 3 });
  });

  it('shows rows that repeat ledger records instead of merging them', async () => {
    const { core } = await coreWithLedger();
    const rows = [['日期', '采购单位', '产品名称', '产地', '金额', '发票号码'], ['2021-11-05', '区教育局', '勐海普洱茶', '勐海县', '100', '21532000000000000001']];
    await core.call('imports/file', { fileName: 'first.xlsx', content: workbook(rows) });
    const preview = await core.call('imports/preview', { fileName: 'second.xlsx', content: workbook([...rows, ['2021-11-09', '区民政局', '夷陵蜜橘', '夷陵区', '50', '']]) });
    expect(preview.duplicates).toEqual([expect.objectContaining({ sourceRow: 2, reason: 'invoice' })]);
  });

  it('remembers a corrected mapping for the next file of the same layout', async () => {
    const { core } = await coreWithLedger();
    const header = ['日期', '单位', '品名', '县', '钱'];
    const first = await core.call('imports/preview', { fileName: 'm1.xlsx', content: workbook([header, ['2021-11-05', '区教育局', '普洱茶', '勐海县', '100']]) });
    const mapping = first.mapping.map((m) => ({ column: m.column, field: (['date', 'purchaserName', 'productName', 'originCode', 'amountFen'] as const)[m.column] }));
    const corrected = await core.call('imports/preview', { fileName: 'm1.xlsx', stageId: first.stageId, mapping });
    expect(corrected.totals.validRows).toBe(1);
    await core.call('imports/commit', { stageId: corrected.stageId });
    const next = await core.call('imports/preview', { fileName: 'm2.xlsx', content: workbook([header, ['2021-12-05', '区民政局', '苹果', '昭阳区', '200']]) });
    expect(next.mappingRemembered).toBe(true);
    expect(next.rows[0].values).toMatchObject({ purchaserName: '区民政局', amountFen: 20000, originCode: '530602' });
  });

  it('refuses a hostile file with a code and leaves the ledger unchanged', async () => {
    const { core } = await coreWithLedger();
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex');
    const r = await core.call('imports/file', { fileName: 'photo.xlsx', content: png });
    expect(r).toMatchObject({ status: 'failed', error: { code: 'NOT_A_WORKBOOK' } });
    expect((await core.call('imports/batches', {})).batches).toHaveLength(0);
  });

  it('refuses a correction with a fraction in an integer column before writing, and the same preview commits after', async () => {
    const { core } = await coreWithLedger();
    const preview = await core.call('imports/preview', {
      fileName: 'a.xlsx',
      content: workbook([
        ['日期', '采购单位', '产品名称', '产地', '金额（元）', '带动户数'],
        ['2021-11-05', '松江区教育局', '勐海普洱茶', '勐海县', '1,280.50', 2],
      ]),
    });
    const row = preview.rows[0].sourceRow;
    // (a server would refuse 2.5 in a bigint column with an error that ends the transaction: the write path's type check speaks first)
    await expect(core.call('imports/commit', { stageId: preview.stageId, edits: { [row]: { households: 2.5 } } })).rejects.toMatchObject({ code: 'VALIDATION' });
    expect((await core.call('records/totals', { filters: {} })).count).toBe(0);
    expect(await core.call('imports/commit', { stageId: preview.stageId, edits: { [row]: { households: 3 } } })).toMatchObject({ records: 1, totalFen: 128050 });
    expect((await core.call('records/list', { startRow: 0, endRow: 10, sort: [], filters: {} })).rows.map((r) => r.households)).toEqual([3]);
    expect((await core.call('verify/ledger', {})).ok).toBe(true);
  });

  it('drops NUL characters from cells (PostgreSQL refuses them in text; a file keeps the same text either way)', async () => {
    const { core } = await coreWithLedger();
    const xlsx = workbook([
      ['日期', '采购单位', '产品名称', '产地', '金额（元）', '备注'],
      ['2021-11-05', '松江区\u0000教育局', '勐海普洱茶\u0000', '勐海县', 100, 'a\u0000b'],
    ]);
    expect(await core.call('imports/file', { fileName: 'nul.xlsx', content: xlsx })).toMatchObject({ status: 'imported', records: 1 });
    // a CSV passes the text sniff (its first 64 KB) when its NUL comes later
    const filler = Array.from({ length: 2500 }, (_, i) => `2021-11-06,松江区民政局,昭通苹果${i},昭阳区,10,`);
    const csv = ['日期,采购单位,产品名称,产地,金额（元）,备注', ...filler, '2021-11-07,松江区民政局,莎车\u0000巴旦木,莎车县,20,x\u0000'].join('\r\n');
    expect(await core.call('imports/file', { fileName: 'nul.csv', content: new TextEncoder().encode(csv) })).toMatchObject({ status: 'imported', records: 2501 });
    const { rows } = await core.call('records/list', { startRow: 0, endRow: 3000, sort: [{ field: 'date', dir: 'asc' }], filters: {} });
    expect(rows.filter((r) => r.date !== '2021-11-06').map((r) => [r.purchaserName, r.productName, r.remark])).toEqual([
      ['松江区教育局', '勐海普洱茶', 'ab'],
      ['松江区民政局', '莎车巴旦木', 'x'],
    ]);
    expect(JSON.stringify(rows)).not.toContain('\\u0000');
    expect((await core.call('verify/ledger', {})).ok).toBe(true);
  });
});
