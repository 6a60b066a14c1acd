/**
 * Hostile and broken files: each is refused with a code (or parsed harmlessly) in well under
 * 5 seconds, and nothing of it reaches SheetJS unguarded. Timings are printed at the end.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, describe, expect, it } from 'vitest';
import { biffOverrun } from '../../electron/core/imports/biff-records';
import { parseImportFile, parseImportFileInWorker, type ImportResult } from '../../electron/core/imports';
import { realResolver } from './helpers/resolver';
import { buildZip, xlsxSkeleton, zeroBomb } from './helpers/zip';
import { numberCell, xlsxBytes } from './helpers/workbooks';

const resolveCounty = realResolver();
const timings: [string, number, string][] = [];

function timed(label: string, bytes: Uint8Array, name = 'file.xlsx'): ImportResult {
  const t0 = performance.now();
  const r = parseImportFile(bytes, name, { resolveCounty });
  const ms = performance.now() - t0;
  timings.push([label, ms, r.ok ? `parsed (${r.value.totals.rows} rows)` : r.error.code]);
  expect(ms).toBeLessThan(5000);
  return r;
}

function refusal(r: ImportResult): { code: string; message: string } {
  if (r.ok) throw new Error('expected a refusal, got a parse');
  expect(r.error.message).toMatch(/[\u4e00-\u9fff]/); // a Chinese message for the user
  return r.error;
}

const HEADER = ['采购单位', '日期', '产品名称', '产地', '金额'];
const GOOD_ROW = ['松江区教育局', '2021-11-05', '勐海普洱茶', '云南省西双版纳州勐海县', 100];

afterAll(() => {
  const lines = timings.map(([label, ms, outcome]) => `  ${ms.toFixed(1).padStart(8)} ms  ${outcome.padEnd(22)} ${label}`);
  console.info(`hostile inputs (limit 5000 ms each):\n${lines.join('\n')}`);
});

describe('zip bombs and broken zips', () => {
  it('refuses a deflated entry of 400 MB of zeros (declared honestly) by its ratio', () => {
    const bomb = zeroBomb(400);
    const bytes = buildZip([...xlsxSkeleton(), { name: 'xl/worksheets/sheet1.xml', compressed: bomb.compressed, uncompressedSize: bomb.size, crc: bomb.crc }]);
    expect(bytes.length).toBeLessThan(1024 * 1024);
    expect(refusal(timed('zip bomb 400 MB zeros, honest sizes', bytes)).code).toBe('ZIP_BOMB');
  });

  it('refuses the same bomb when the central directory lies about its size', () => {
    const bomb = zeroBomb(400);
    const bytes = buildZip([...xlsxSkeleton(), { name: 'xl/worksheets/sheet1.xml', compressed: bomb.compressed, uncompressedSize: 1000, crc: 0 }]);
    expect(refusal(timed('zip bomb 400 MB zeros, declared 1000 bytes', bytes)).code).toBe('ZIP_BOMB');
  });

  it('refuses many entries whose declared total is over 300 MB', () => {
    const bomb = zeroBomb(3); // ratio under the per-entry check threshold (4 MB)
    const entries = Array.from({ length: 110 }, (_, i) => ({ name: `xl/worksheets/sheet${i}.xml`, compressed: bomb.compressed, uncompressedSize: bomb.size, crc: bomb.crc }));
    const bytes = buildZip([...xlsxSkeleton(), ...entries]);
    const e = refusal(timed('110 entries × 3 MB zeros (330 MB total)', bytes));
    expect(e.code).toBe('ZIP_BOMB');
    expect(e.message).toContain('300');
  });

  it('refuses a zip with more than 10,000 entries', () => {
    const entries = Array.from({ length: 10_001 }, (_, i) => ({ name: `x/${i}`, data: '', method: 0 as const }));
    expect(refusal(timed('10,001 zip entries', buildZip([...xlsxSkeleton(), ...entries]))).code).toBe('ZIP_BOMB');
  });

  it('refuses ../ and absolute entry names', () => {
    for (const name of ['../../evil.xml', '/etc/passwd', 'xl/..\\..\\x', 'C:/x']) {
      const bytes = buildZip([...xlsxSkeleton(), { name, data: 'x' }]);
      expect(refusal(timed(`entry name ${name}`, bytes)).code).toBe('UNSAFE_ZIP');
    }
  });

  it('refuses zip entries flagged as encrypted', () => {
    const bytes = buildZip([...xlsxSkeleton(), { name: 'xl/worksheets/sheet1.xml', data: '<x/>', flags: 1 }]);
    expect(refusal(timed('zip entry with encryption flag', bytes)).code).toBe('ENCRYPTED');
  });

  it('refuses a truncated xlsx, a damaged one and one without its end record', () => {
    const good = xlsxBytes([{ name: '明细', rows: [HEADER, GOOD_ROW] }]);
    expect(timed('intact xlsx (baseline)', good).ok).toBe(true);
    expect(refusal(timed('xlsx truncated to half', good.slice(0, Math.floor(good.length / 2)))).code).toBe('CORRUPT_FILE');
    expect(refusal(timed('xlsx minus last 10 bytes', good.slice(0, good.length - 10))).code).toBe('CORRUPT_FILE');
    // Flip bytes inside the sheet's compressed data: inflate fails or the CRC does not match.
    const damaged = good.slice();
    const at = Buffer.from(damaged).indexOf('xl/worksheets/sheet1.xml') + 24 + 20;
    for (let i = at; i < at + 40; i++) damaged[i] ^= 0x5a;
    expect(refusal(timed('xlsx with damaged sheet data', damaged)).code).toBe('CORRUPT_FILE');
  });

  it('refuses a zip that is not a workbook (a renamed .docx-like archive)', () => {
    const bytes = buildZip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'word/document.xml', data: '<w/>' }]);
    expect(refusal(timed('zip without xl/workbook.xml', bytes)).code).toBe('NOT_A_WORKBOOK');
  });
});

describe('not workbooks', () => {
  it('refuses a PNG renamed .xlsx', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, ...new Array(64).fill(7)]);
    const e = refusal(timed('PNG renamed .xlsx', png));
    expect(e.code).toBe('NOT_A_WORKBOOK');
    expect(e.message).toContain('PNG');
  });

  it('refuses random binary bytes and an empty file', () => {
    const noise = new Uint8Array(4096).map((_, i) => (i * 131 + 7) % 256);
    expect(refusal(timed('4 KB of binary noise', noise, 'x.csv')).code).toBe('NOT_A_WORKBOOK');
    expect(refusal(timed('empty file', new Uint8Array(0))).code).toBe('EMPTY_FILE');
  });

  it('refuses a file over 100 MB before reading it', () => {
    const big = new Uint8Array(200 * 1024 * 1024);
    big.set([0x50, 0x4b, 0x03, 0x04]);
    expect(refusal(timed('200 MB file', big)).code).toBe('FILE_TOO_LARGE');
  });
});

describe('encrypted and legacy containers', () => {
  it('refuses an encrypted OOXML workbook (a CFB file with an EncryptedPackage stream)', () => {
    const cfb = XLSX.CFB.utils.cfb_new();
    XLSX.CFB.utils.cfb_add(cfb, 'EncryptionInfo', new Uint8Array([4, 0, 4, 0, 0x40, 0, 0, 0, ...new Array(200).fill(1)]));
    XLSX.CFB.utils.cfb_add(cfb, 'EncryptedPackage', new Uint8Array(4096).fill(0x33));
    const bytes = new Uint8Array(XLSX.CFB.write(cfb, { type: 'buffer' }) as Buffer);
    const e = refusal(timed('encrypted xlsx (CFB + EncryptedPackage)', bytes));
    expect(e.code).toBe('ENCRYPTED');
    expect(e.message).toContain('密码');
  });

  it('refuses a CFB file that is not a workbook (a renamed .doc)', () => {
    const cfb = XLSX.CFB.utils.cfb_new();
    XLSX.CFB.utils.cfb_add(cfb, 'WordDocument', new Uint8Array(1024).fill(1));
    const bytes = new Uint8Array(XLSX.CFB.write(cfb, { type: 'buffer' }) as Buffer);
    expect(refusal(timed('CFB without Workbook stream', bytes, 'x.xls')).code).toBe('NOT_A_WORKBOOK');
  });

  it('reads every BIFF record of a workbook SheetJS wrote (BIFF8 and BIFF5), and catches one that claims bytes past the stream', () => {
    for (const bookType of ['biff8', 'biff5'] as const) {
      const xls = xlsxBytes([{ name: 'S', rows: [HEADER, GOOD_ROW] }], { bookType });
      const cfb = XLSX.CFB.read(xls, { type: 'buffer' });
      const stream = (XLSX.CFB.find(cfb, 'Workbook') ?? XLSX.CFB.find(cfb, 'Book'))!.content as Uint8Array;
      expect(biffOverrun(stream)).toBeNull();
      // (SheetJS writes BIFF5 text in a single-byte code page, so its Chinese header is lost:
      // that file is refused for its header, not as damaged.)
      const r = timed(`intact .xls (${bookType})`, xls, 'x.xls');
      expect(r.ok || r.error.code).toBe(bookType === 'biff8' ? true : 'HEADER_NOT_FOUND');
    }
    const bof = [0x09, 0x08, 4, 0, 0x00, 0x06, 0x05, 0x00];
    const externSheet = [0x17, 0x00, 50, 0, 1, 0, 0, 0]; // says 50 bytes, has 4
    expect(biffOverrun(Uint8Array.from([...bof, 0, 0]))).toBeNull(); // trailing padding is not a record
    expect(biffOverrun(Uint8Array.from([...bof, ...externSheet]))).toEqual({ offset: 8, type: 0x17, length: 50 });
  });

  it('refuses at once, as damaged, the .xls a fuzz run found holding SheetJS in an endless loop', async () => {
    // A generated .xls with a duplicated chunk and flipped bits: SheetJS read its EXTERNSHEET
    // record's counts as NaN and never returned; the worker stopped it after 20 s as too slow.
    const bytes = new Uint8Array(fs.readFileSync(path.resolve(__dirname, '../fixtures/fuzz/externsheet-overrun.xls')));
    const r = await parseImportFileInWorker(bytes, 'externsheet-overrun.xls', { resolveCounty, timeoutMs: 10_000 });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatchObject({ code: 'CORRUPT_FILE', message: expect.stringContaining('损坏') });
  });

  it('refuses a truncated .xls', () => {
    const xls = xlsxBytes([{ name: 'S', rows: [HEADER, GOOD_ROW] }], { bookType: 'biff8' });
    const r = timed('xls truncated to 600 bytes', xls.slice(0, 600), 'x.xls');
    expect(['CORRUPT_FILE', 'PARSE_FAILED', 'NOT_A_WORKBOOK']).toContain(refusal(r).code);
  });
});

describe('huge empty ranges', () => {
  it('a sheet whose range claims 1,000,000 rows but holds nothing is refused fast', () => {
    const bytes = buildZip(minimalXlsxParts(sheetXml('A1:Z1000000', [])));
    expect(refusal(timed('range A1:Z1000000, no cells', bytes)).code).toBe('NO_DATA');
  });

  it('a header plus a range of 1,000,000 rows parses the one real row, fast', () => {
    const bytes = buildZip(minimalXlsxParts(sheetXml('A1:Z1000000', [HEADER, GOOD_ROW])));
    const r = timed('header + 1 row, range A1:Z1000000', bytes);
    expect(r.ok && r.value.totals.rows).toBe(1);
  });

  it('1,000,000 explicit empty <row> elements are cut at the row limit quickly', () => {
    const rowsXml: string[] = [];
    for (let i = 1; i <= 1_000_000; i++) rowsXml.push(`<row r="${i}"/>`);
    const sheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:Z1000000"/><sheetData>${rowsXml.join('')}</sheetData></worksheet>`;
    const bytes = buildZip(minimalXlsxParts(sheet));
    const r = timed('1,000,000 empty <row> elements', bytes);
    expect(['NO_DATA', 'HEADER_NOT_FOUND']).toContain(refusal(r).code);
  });

  it('a CSV of 1,000,000 empty lines is refused quickly', () => {
    const text = '采购单位,日期,产品名称,金额\n' + ',,,\n'.repeat(1_000_000);
    const r = timed('CSV with 1,000,000 empty lines', new TextEncoder().encode(text), 'x.csv');
    expect(['NO_DATA', 'TOO_MANY_ROWS']).toContain(refusal(r).code);
  });

  it('more than 200,000 data rows is refused (not silently cut)', () => {
    const lines = ['采购单位,日期,产品名称,产地,金额'];
    for (let i = 0; i < 200_100; i++) lines.push(`单位${i},2021-11-05,茶,勐海县,${i + 1}`);
    const r = timed('CSV with 200,100 data rows', new TextEncoder().encode(lines.join('\n')), 'x.csv');
    expect(refusal(r).code).toBe('TOO_MANY_ROWS');
  });
});

describe('big and odd text files, refused by their shape before anything parses them', () => {
  /** ~95 MB of real-looking rows: about 1,000,000 of them. */
  function bigCsv(targetBytes: number): Uint8Array {
    const row = '上海市松江区教育局,2021-11-05,勐海普洱茶,勐海县,1285.50,备注备注备注备注备注备注备注备注\n';
    const header = Buffer.from('采购单位,日期,产品名称,产地,金额,备注\n');
    const rowBytes = Buffer.from(row);
    const out = Buffer.alloc(targetBytes);
    header.copy(out);
    let at = header.length;
    while (at + rowBytes.length <= targetBytes) at += rowBytes.copy(out, at);
    return new Uint8Array(out.buffer, out.byteOffset, at);
  }

  it('a 95 MB CSV of a million rows is refused as too many rows, not after parsing it all', async () => {
    const bytes = bigCsv(95 * 1024 * 1024);
    const e = refusal(timed('95 MB CSV, ~1,000,000 rows', bytes, 'big.csv'));
    expect(e.code).toBe('TOO_MANY_ROWS');
    expect(e.message).toContain('200,000');
    // the same through the worker the app uses: a refusal with the same code, never INTERNAL
    const w = await parseImportFileInWorker(bytes, 'big.csv', { resolveCounty });
    expect(w.ok ? 'parsed' : w.error.code).toBe('TOO_MANY_ROWS');
  }, 120_000);

  it('a 90 MB CSV that is one field is refused: no cell of a table is that long', async () => {
    const bytes = new Uint8Array(Buffer.from(`"${'x'.repeat(90 * 1024 * 1024)}"\n`));
    const e = refusal(timed('90 MB CSV, one quoted field', bytes, 'one.csv'));
    expect(e.code).toBe('CELL_TOO_LONG');
    expect(e.message).toContain('32,767');
    // unquoted, on one line, the same
    expect(refusal(timed('1 MB CSV line, no separator', new TextEncoder().encode('采购单位,金额\n' + 'y'.repeat(1024 * 1024)), 'line.csv')).code).toBe('CELL_TOO_LONG');
  }, 120_000);

  it('a long but ordinary cell (a remark of 30,000 characters) is no refusal', () => {
    const text = `${HEADER.join(',')},备注\n${GOOD_ROW.join(',')},"${'很长的备注'.repeat(6000)}"\n`;
    const r = timed('CSV with a 30,000-character remark', new TextEncoder().encode(text), 'long.csv');
    expect(r.ok).toBe(true);
  });

  it('a CSV with NUL bytes is refused saying what is wrong and where', () => {
    const text = `${HEADER.join(',')}\n${GOOD_ROW.join(',')}\n松江区教育局,2021-11-06,茶\u0000叶,勐海县,5\n`;
    const e = refusal(timed('CSV with a NUL byte on line 3', new TextEncoder().encode(text), 'nul.csv'));
    expect(e.code).toBe('NOT_A_WORKBOOK');
    expect(e.message).toContain('第 3 行');
    expect(e.message).toContain('空字符');
    const esc = `${HEADER.join(',')}\n松江区\u001b教育局,2021-11-06,茶,勐海县,5\n`;
    expect(refusal(timed('CSV with an ESC character', new TextEncoder().encode(esc), 'esc.csv')).message).toMatch(/第 2 行.*控制字符/);
  });
});

describe('cells that try to be more than data', () => {
  it('__proto__ / constructor headers and cells are plain text', () => {
    const bytes = xlsxBytes([
      {
        name: 'S',
        rows: [
          ['__proto__', 'constructor', 'prototype', ...HEADER, '备注'],
          ['{"polluted":1}', 'constructor', 'x', '__proto__', '2021-11-05', 'constructor', '勐海县', 10, 'toString'],
          ['a', 'b', 'c', 'hasOwnProperty', '2021-11-06', 'valueOf', '__proto__', 20, '__proto__'],
        ],
      },
    ]);
    const r = timed('__proto__/constructor headers and cells', bytes);
    if (!r.ok) throw new Error(r.error.message);
    const p = r.value;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    expect(p.mapping.slice(0, 3).map((m) => m.field)).toEqual([null, null, null]);
    expect(p.rows[0].values.purchaserName).toBe('__proto__');
    expect(p.rows[0].values.productName).toBe('constructor');
    expect(p.rows[0].values.remark).toBe('toString');
    expect(Object.getPrototypeOf(p.rows[0].values)).toBe(Object.prototype);
    expect(Object.keys(p.rows[1].values).sort()).toEqual(['amountFen', 'date', 'productName', 'purchaserName', 'remark']);
    expect(p.rows[1].errors.map((e) => e.field)).toEqual(['originCode']);
    // the row with an unknown county lands too (issue 16), its county left empty and its text kept
    expect(p.rows[1].unread).toEqual({ originCode: expect.any(String) });
    expect(p.totals).toMatchObject({ rows: 2, validRows: 1, totalFen: 3000 });
  });

  it('sheets named __proto__ and constructor are just sheets', () => {
    const bytes = xlsxBytes([
      { name: '__proto__', rows: [['说明']] },
      { name: 'constructor', rows: [HEADER, GOOD_ROW] },
    ]);
    const r = timed('sheets named __proto__ / constructor', bytes);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.sheets).toEqual(['__proto__', 'constructor']);
    expect(r.value.sheet).toBe('constructor');
    expect(r.value.totals.rows).toBe(1);
    expect(({} as Record<string, unknown>).constructor).toBe(Object);
  });

  it('a remembered mapping naming constructor or __proto__ as a field is refused', () => {
    const bytes = xlsxBytes([{ name: 'S', rows: [HEADER, GOOD_ROW] }]);
    for (const field of ['constructor', '__proto__', 'toString']) {
      const r = parseImportFile(bytes, 'x.xlsx', { resolveCounty, mapping: [{ column: 0, field: field as never }] });
      expect(refusal(r).code).toBe('MAPPING_INVALID');
    }
  });

  it('formula cells contribute their cached value only; formula-looking text stays text', () => {
    const bytes = xlsxBytes([
      {
        name: 'S',
        rows: [
          HEADER,
          ['=cmd|\' /C calc\'!A0', '2021-11-05', '@SUM(1+1)', '勐海县', { t: 'n', v: 300, f: 'SUM(E3:E4)' }],
          ['松江区教育局', '2021-11-05', '+茶', '勐海县', 100],
          ['松江区教育局', '2021-11-05', '-茶', '勐海县', { t: 'n', f: 'HYPERLINK("http://x")' } as never],
        ],
      },
    ]);
    const r = timed('formula cells', bytes);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.rows[0].values).toMatchObject({ purchaserName: "=cmd|' /C calc'!A0", productName: '@SUM(1+1)', amountFen: 30000 });
    // The formula without a cached value is an empty amount, not a formula.
    expect(r.value.rows[2].values.amountFen).toBeUndefined();
  });

  it('a 20-digit invoice number typed as a number is an error, never a float turned into digits', () => {
    const bytes = xlsxBytes([
      { name: 'S', rows: [[...HEADER, '发票号码'], [...GOOD_ROW, numberCell(21312000000000001116)], [...GOOD_ROW, '21312000000000001117']] },
    ]);
    const r = timed('20-digit invoice as number', bytes);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.rows[0].errors).toHaveLength(1);
    expect(r.value.rows[0].errors[0]).toMatchObject({ field: 'invoiceNo' });
    expect(r.value.rows[0].errors[0].message).toContain('15 位');
    expect(r.value.rows[0].values.invoiceNo).toBeUndefined();
    expect(r.value.rows[1].values.invoiceNo).toBe('21312000000000001117');
  });
});

/** Sheet XML with inline strings, so a test can claim any range without SheetJS writing it. */
function sheetXml(ref: string, rows: (string | number)[][]): string {
  const body = rows
    .map((row, r) => {
      const cells = row
        .map((v, c) => {
          const addr = `${String.fromCharCode(65 + c)}${r + 1}`;
          return typeof v === 'number' ? `<c r="${addr}"><v>${v}</v></c>` : `<c r="${addr}" t="inlineStr"><is><t>${v}</t></is></c>`;
        })
        .join('');
      return `<row r="${r + 1}">${cells}</row>`;
    })
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="${ref}"/><sheetData>${body}</sheetData></worksheet>`;
}

/** A hand-written minimal xlsx around one sheet XML. */
function minimalXlsxParts(sheetXml: string) {
  return [
    {
      name: '[Content_Types].xml',
      data: '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    },
    {
      name: '_rels/.rels',
      data: '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    },
    {
      name: 'xl/workbook.xml',
      data: '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    },
    { name: 'xl/worksheets/sheet1.xml', data: sheetXml },
  ];
}
