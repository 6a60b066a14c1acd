/** The certificate registry through the contract on a real ledger. */
import { describe, expect, it } from 'vitest';
import { parseValidityRange } from '../../electron/core/certificates/catalogue';
import { tinyPdf, workbookOf } from '../support/documents';
import { coreWithLedger } from './support';

const TEA = { kind: '帮扶产品认定' as const, number: 'FP2021-0001', productName: '勐海普洱茶', supplierName: '勐海县茶叶专业合作社', issuer: '国务院扶贫办', validFrom: '2021-01-01', validTo: '2023-12-31' };

describe('certificates', () => {
  it('saves, edits and lists certificates, audited', async () => {
    const { core } = await coreWithLedger();
    const { certificate } = await core.call('certificates/save', { certificate: TEA });
    expect(certificate).toMatchObject({ ...TEA, id: expect.any(Number) });
    const edited = await core.call('certificates/save', { certificate: { ...TEA, id: certificate.id, validTo: '2024-06-30' } });
    expect(edited.certificate.validTo).toBe('2024-06-30');
    expect((await core.call('certificates/list', {})).certificates).toHaveLength(1);
    expect((await core.call('certificates/list', { search: '普洱' })).certificates).toHaveLength(1);
    expect((await core.call('certificates/list', { search: '大米' })).certificates).toHaveLength(0);
    const history = await core.call('audit/history', { entity: 'certificate', entityId: certificate.id });
    expect(history.entries.map((e) => e.action)).toEqual(['update', 'insert']);
    expect(await core.call('verify/ledger', {})).toEqual({ ok: true, problems: [] });
  });

  it('refuses a validity that ends before it starts', async () => {
    const { core } = await coreWithLedger();
    await expect(core.call('certificates/save', { certificate: { ...TEA, validFrom: '2024-01-01' } })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('有效期起不能晚于有效期至') });
  });

  it('answers whether a product is certified on a date, open ends unbounded', async () => {
    const { core } = await coreWithLedger();
    await core.call('certificates/save', { certificate: TEA });
    await core.call('certificates/save', { certificate: { ...TEA, number: 'FP2024-0009', validFrom: '2024-03-01', validTo: null } });
    const on = (date: string) => core.call('certificates/validOn', { productName: '勐海普洱茶', date });
    expect((await on('2021-01-01')).certified).toBe(true);
    expect((await on('2023-12-31')).valid.map((c) => c.number)).toEqual(['FP2021-0001']);
    const gap = await on('2024-01-15');
    expect(gap.certified).toBe(false);
    expect(gap.other).toHaveLength(2);
    expect((await on('2030-05-01')).valid.map((c) => c.number)).toEqual(['FP2024-0009']);
    expect((await on('2020-12-31')).certified).toBe(false);
    expect((await core.call('certificates/validOn', { productName: '五常大米', date: '2022-01-01' })).certified).toBe(false);
  });

  it('lists certificates expiring within N days of a date (default 60)', async () => {
    const { core } = await coreWithLedger();
    await core.call('certificates/save', { certificate: TEA });
    await core.call('certificates/save', { certificate: { ...TEA, number: 'B', productName: '五常大米', validTo: '2024-03-15' } });
    await core.call('certificates/save', { certificate: { ...TEA, number: 'C', productName: '过期的', validTo: '2023-10-01' } });
    expect((await core.call('certificates/expiring', { date: '2023-11-15' })).certificates.map((c) => c.number)).toEqual(['FP2021-0001']);
    expect((await core.call('certificates/expiring', { date: '2023-11-15', days: 150 })).certificates.map((c) => c.number)).toEqual(['FP2021-0001', 'B']);
    expect((await core.call('certificates/expiring', { date: '2023-01-01' })).certificates).toEqual([]);
  });

  it('imports a catalogue workbook: ranges, separate columns, Excel dates, updates known numbers, skips bad rows', async () => {
    const { core } = await coreWithLedger();
    const first = workbookOf([
      ['2021年消费帮扶产品认定目录'],
      [],
      ['序号', '认定编号', '产品名称', '企业名称', '发证机构', '有效期'],
      [1, 'FP2021-0001', '勐海普洱茶', '勐海县茶叶专业合作社', '国家乡村振兴局', '2021-01-01至2023-12-31'],
      [2, 'FP2021-0002', '五常大米', '五常市稻香合作社', '国家乡村振兴局', '2021.3.1-2024.2.29'],
      [3, 'FP2021-0003', '', '缺产品的企业', '', '2021-01-01至2023-12-31'],
      [4, 'FP2021-0004', '坏日期', '某企业', '', '长期有效吗'],
    ]);
    const r = await core.call('certificates/importCatalogue', { fileName: '目录.xlsx', content: first });
    expect(r.added).toBe(2);
    expect(r.updated).toBe(0);
    expect(r.skipped).toEqual([
      { row: 6, reason: '缺少产品名称' },
      { row: 7, reason: expect.stringContaining('无法识别') },
    ]);
    const rice = (await core.call('certificates/list', { search: '五常' })).certificates[0];
    expect(rice).toMatchObject({ kind: '帮扶产品认定', number: 'FP2021-0002', supplierName: '五常市稻香合作社', issuer: '国家乡村振兴局', validFrom: '2021-03-01', validTo: '2024-02-29' });

    // a later catalogue with separate columns and real Excel dates renews a known number
    const second = workbookOf([
      ['证书编号', '产品名称', '供应商', '有效期起', '有效期至'],
      ['FP2021-0001', '勐海普洱茶', '勐海县茶叶专业合作社', new Date(Date.UTC(2024, 0, 1)), new Date(Date.UTC(2026, 11, 31))],
    ]);
    const again = await core.call('certificates/importCatalogue', { fileName: '续期.xlsx', content: second });
    expect(again).toEqual({ added: 0, updated: 1, skipped: [] });
    const tea = await core.call('certificates/validOn', { productName: '勐海普洱茶', date: '2025-06-01' });
    expect(tea.valid.map((c) => [c.validFrom, c.validTo])).toEqual([['2024-01-01', '2026-12-31']]);
    expect(await core.call('verify/ledger', {})).toEqual({ ok: true, problems: [] });
  });

  it('refuses a workbook that is not a catalogue', async () => {
    const { core } = await coreWithLedger();
    const content = workbookOf([['日期', '金额'], ['2021-01-01', 100]]);
    await expect(core.call('certificates/importCatalogue', { fileName: '台账.xlsx', content })).rejects.toMatchObject({ code: 'NOT_A_CATALOGUE' });
  });

  it('reads validity ranges as catalogues write them', () => {
    expect(parseValidityRange('2021-01-01至2023-12-31')).toEqual({ from: '2021-01-01', to: '2023-12-31' });
    expect(parseValidityRange('2021年1月1日～2023年12月31日')).toEqual({ from: '2021-01-01', to: '2023-12-31' });
    expect(parseValidityRange('2021.1.1-2023.12.31')).toEqual({ from: '2021-01-01', to: '2023-12-31' });
    expect(parseValidityRange('20210101—20231231')).toEqual({ from: '2021-01-01', to: '2023-12-31' });
    expect(parseValidityRange('至2023-12-31')).toEqual({ from: null, to: '2023-12-31' });
    expect(parseValidityRange('长期')).toBeNull();
  });

  it('deleting a certificate removes its links but keeps the scanned file', async () => {
    const { core } = await coreWithLedger();
    const { certificate } = await core.call('certificates/save', { certificate: TEA });
    const { link } = await core.call('attachments/add', { target: { entity: 'certificate', id: certificate.id }, role: '认定证书', fileName: '证书.pdf', content: tinyPdf() });
    expect(await core.call('certificates/delete', { id: certificate.id })).toEqual({ deleted: true });
    expect((await core.call('attachments/list', { target: { entity: 'certificate', id: certificate.id } })).links).toEqual([]);
    expect((await core.call('attachments/content', { attachmentId: link.attachmentId })).content.length).toBeGreaterThan(0);
    expect(await core.call('verify/ledger', {})).toEqual({ ok: true, problems: [] });
  });
});
