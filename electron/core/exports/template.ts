/**
 * The blank workbook units fill in: the import layout with widths and a frozen header, a
 * 填表说明 sheet (what each column wants, which are required), and drop-down lists for the
 * closed lists and the office's paired counties, kept on a 填写选项 sheet.
 */
import * as XLSX from 'xlsx';
import { CATEGORIES, CHANNELS, PURCHASER_TYPES, RECORD_KINDS } from '../../../shared/domain/reference';
import { columnChars, FIELD_NOTES, LAYOUT, LEDGER_SHEET } from './layout';
import { writePatchedXlsx, type SheetPatch } from './xlsx-patch';

const REQUIRED = new Set(['date', 'purchaserName', 'productName', 'originCode', 'amountFen']);
const OPTIONS_SHEET = '填写选项';
/** Rows that get the drop-down lists; a unit's month rarely has more. */
const LIST_ROWS = 5_000;

export function buildTemplate(pairedCountyNames: readonly string[]): Uint8Array {
  const wb = XLSX.utils.book_new();

  const sheet = XLSX.utils.aoa_to_sheet([LAYOUT.map((f) => f.label)]);
  sheet['!cols'] = LAYOUT.map((f) => ({ wch: columnChars(f) }));
  // Codes typed into these columns must stay text (a 20-digit invoice number is not a number).
  for (let c = 0; c < LAYOUT.length; c++) {
    if (LAYOUT[c].kind === 'code') sheet[XLSX.utils.encode_cell({ r: 1, c })] = { t: 's', v: '', z: '@' };
  }
  XLSX.utils.book_append_sheet(wb, sheet, LEDGER_SHEET);

  const notes = XLSX.utils.aoa_to_sheet([
    ['列名', '是否必填', '填写说明'],
    ...LAYOUT.map((f) => [f.label, REQUIRED.has(f.key) ? '必填' : '选填', FIELD_NOTES[f.key] ?? '']),
    [],
    ['说明', '', '请在“台账明细”表中逐行填写，一行一笔采购；不要合并单元格，不要在表中插入合计行。'],
  ]);
  notes['!cols'] = [{ wch: 16 }, { wch: 10 }, { wch: 80 }];
  XLSX.utils.book_append_sheet(wb, notes, '填表说明');

  const lists: Record<string, readonly string[]> = {
    purchaserType: PURCHASER_TYPES,
    category: CATEGORIES,
    channel: CHANNELS,
    kind: RECORD_KINDS,
    originCode: pairedCountyNames,
  };
  const listFields = Object.keys(lists).filter((k) => lists[k].length > 0);
  const longest = Math.max(...listFields.map((k) => lists[k].length));
  const optionsAoa: string[][] = [listFields.map((k) => LAYOUT.find((f) => f.key === k)!.label)];
  for (let i = 0; i < longest; i++) optionsAoa.push(listFields.map((k) => lists[k][i] ?? ''));
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(optionsAoa), OPTIONS_SHEET);

  const patch: SheetPatch = {
    sheet: 1,
    freezeHeader: true,
    lists: listFields.map((key, i) => {
      const col = XLSX.utils.encode_col(LAYOUT.findIndex((f) => f.key === key));
      const src = XLSX.utils.encode_col(i);
      return { sqref: `${col}2:${col}${LIST_ROWS + 1}`, source: `'${OPTIONS_SHEET}'!$${src}$2:$${src}$${lists[key].length + 1}` };
    }),
  };
  return writePatchedXlsx(wb, [patch]);
}
