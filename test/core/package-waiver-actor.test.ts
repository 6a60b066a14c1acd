/** Issue 14: the package's 检查结果 sheet names who waived each issue (豁免人), read back from the workbook. */
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { readZip } from '../../electron/core/package/zip';
import { coreWithLedger, SAMPLE, TEST_BACKEND } from './support';

/** Who the audit log names: the app's user on a file, the database user on a server (changes are attributed to it). */
const actorOf = (address: string) => (TEST_BACKEND === 'postgres' ? decodeURIComponent(new URL(address).username) : '测试员');

describe('package 检查结果 sheet', () => {
  it('fills 豁免人 with the person who waived the issue', async () => {
    const { core, file } = await coreWithLedger();
    const values = { ...SAMPLE, creditCode: '12100000400000624D', purchaserType: '事业单位', date: '2021-11-03', amountFen: 128_500, quantity: 10, unitPrice: 128.5, originCode: '110101' };
    await core.call('records/apply', { label: '录入', ops: [{ type: 'insert', values }] });
    const report = await core.call('checks/run', { period: '2021-11' });
    const issue = report.issues.find((i) => i.code === 'ORIGIN_NOT_PAIRED')!;
    await core.call('checks/waive', { code: issue.code, subject: issue.subject, reason: '区里认定的协作地区' });
    const r = await core.call('package/build', { period: '2021-11' });
    const files = readZip(r.content);
    const wb = XLSX.read(files.get('report-2021-11-v1.xlsx'));
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets['检查结果']);
    const waived = rows.find((row) => row['代码'] === 'ORIGIN_NOT_PAIRED');
    expect(waived).toMatchObject({ 是否豁免: '已豁免', 豁免原因: '区里认定的协作地区', 豁免人: actorOf(file) });
  });
});
