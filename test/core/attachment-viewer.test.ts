/**
 * Opening an attachment with the system's viewer (attachments/viewerCopy): a copy checked
 * against its hash, in the app's viewer folder, under a name Windows accepts and an extension
 * that matches the bytes; never the stored file itself.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { viewerFileName } from '../../electron/core/attachments/viewer-copy';
import { storedPath } from '../../electron/core/attachments/store';
import { tinyOfd, tinyPdf, zipOf } from '../support/documents';
import { storedDocuments } from '../support/stored-documents';
import { coreWithLedger, SAMPLE, TEST_BACKEND } from './support';

async function ledgerWithAttachment(fileName: string, content: Uint8Array) {
  const { core, file, dir } = await coreWithLedger();
  const { changes } = await core.call('records/apply', { ops: [{ type: 'insert', values: SAMPLE }] });
  const { link } = await core.call('attachments/add', { target: { entity: 'record', id: changes[0].id }, role: '发票', fileName, content });
  return { core, file, dir, link };
}

describe('a copy for the system viewer', () => {
  it('writes the stored bytes to the data folder’s viewer folder, under the file’s own name', async () => {
    const bytes = tinyOfd();
    const { core, dir, link, file } = await ledgerWithAttachment('发票 21312000000012345678.ofd', bytes);
    const { path: copy } = await core.call('attachments/viewerCopy', { attachmentId: link.attachmentId });
    expect(path.relative(path.join(dir, 'viewer'), copy).startsWith('..')).toBe(false);
    expect(path.basename(copy)).toBe('发票 21312000000012345678.ofd');
    expect(new Uint8Array(fs.readFileSync(copy))).toEqual(bytes);
    if (TEST_BACKEND === 'sqlite') expect(copy).not.toBe(storedPath(`${file}.files`, link.sha256));
  });

  it('refuses to hand out a stored file whose bytes changed, and says so', async () => {
    const { core, link, file } = await ledgerWithAttachment('合同.pdf', tinyPdf('合同'));
    storedDocuments(file).corrupt(link.sha256);
    await expect(core.call('attachments/viewerCopy', { attachmentId: link.attachmentId })).rejects.toMatchObject({ code: 'ATTACHMENT_BROKEN', message: expect.stringContaining('合同.pdf') });
    await expect(core.call('attachments/viewerCopy', { attachmentId: 999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('never hands a program to the system: bytes that are no known document get no copy, only text ends in .txt', async () => {
    const exe = new Uint8Array(Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(200, 0)]));
    for (const name of ['invoice.pdf.exe', 'evil.dll']) {
      const { core, dir, link } = await ledgerWithAttachment(name, exe);
      await expect(core.call('attachments/viewerCopy', { attachmentId: link.attachmentId })).rejects.toMatchObject({
        code: 'PREVIEW_UNSUPPORTED',
        message: expect.stringContaining('不支持预览'),
      });
      expect(fs.existsSync(path.join(dir, 'viewer', String(link.attachmentId)))).toBe(false);
    }
    const bat = await ledgerWithAttachment('发票.bat', new Uint8Array(Buffer.from('@echo off\r\ndel /q C:\\*\r\n')));
    const { path: copy } = await bat.core.call('attachments/viewerCopy', { attachmentId: bat.link.attachmentId });
    expect(path.basename(copy)).toBe('发票.bat.txt');
    // a zip may hold anything: not opened either
    const zip = await ledgerWithAttachment('资料.zip', zipOf({ 'run.exe': 'MZ' }));
    await expect(zip.core.call('attachments/viewerCopy', { attachmentId: zip.link.attachmentId })).rejects.toMatchObject({ code: 'PREVIEW_UNSUPPORTED' });
  });

  it('names the copy so that any system accepts it and the right program opens it', () => {
    expect(viewerFileName('发票.pdf', 'application/pdf')).toBe('发票.pdf');
    expect(viewerFileName('扫描件.PDF', 'application/pdf')).toBe('扫描件.pdf');
    expect(viewerFileName('照片.jpeg', 'image/jpeg')).toBe('照片.jpeg');
    // the bytes decide: a JPEG saved as .pdf opens in a picture viewer
    expect(viewerFileName('发票.pdf', 'image/jpeg')).toBe('发票.pdf.jpg');
    expect(viewerFileName('无扩展名', 'application/ofd')).toBe('无扩展名.ofd');
    expect(viewerFileName('说明.txt', 'text/plain')).toBe('说明.txt');
    expect(viewerFileName('说明.txt', 'application/octet-stream')).toBeNull();
    expect(viewerFileName('a<b>c:d"e|f?g*.pdf', 'application/pdf')).toBe('a_b_c_d_e_f_g_.pdf');
    expect(viewerFileName('CON.pdf', 'application/pdf')).toBe('_CON.pdf');
    expect(viewerFileName('lpt1', 'text/plain')).toBe('_lpt1.txt');
    // the name never picks the program: what the bytes are not, it does not end in
    expect(viewerFileName('发票.bat', 'text/plain')).toBe('发票.bat.txt');
    expect(viewerFileName('invoice.pdf.exe', 'application/pdf')).toBe('invoice.pdf.exe.pdf');
    expect(viewerFileName('evil.dll', 'application/octet-stream')).toBeNull();
    expect(viewerFileName('包.zip', 'application/zip')).toBeNull();
    expect(viewerFileName('结尾有点. .pdf', 'application/pdf')).toBe('结尾有点.pdf');
    expect(viewerFileName('.pdf', 'application/pdf')).toBe('.pdf.pdf');
    const long = viewerFileName(`${'很长的名字'.repeat(40)}.pdf`, 'application/pdf')!;
    expect([...long].length).toBeLessThanOrEqual(84);
    expect(long.endsWith('.pdf')).toBe(true);
  });
});
