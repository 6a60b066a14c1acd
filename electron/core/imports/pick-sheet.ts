/**
 * Which sheets hold purchases. Units send one sheet per month (10月, 11月, 12月) beside a 汇总
 * sheet, templates ship a 填表说明 sheet first and hidden lists for the drop-downs, some units
 * keep last month's sheet next to this month's. Every visible sheet whose header names a
 * purchase layout (an amount and a product or a date) is data; summaries (by name, when other
 * data sheets exist), instructions, option lists and hidden sheets are not. The caller can name
 * the sheets instead (the preview's sheet list, the CLI's --sheet).
 */
import type { SheetInfo } from '../../../shared/domain/import';
import { detectHeader, type HeaderDetection } from './detect-header';
import { mapColumns } from './map-columns';
import { refuse } from './refusal';
import type { SheetData, WorkbookData } from './types';

const INSTRUCTION_SHEET = /说明|填表|须知|示例|样例|范例|字典|下拉|选项|参数|代码表|目录|封面|模板说明|instructions?|readme|lists?$/i;
const SUMMARY_SHEET = /汇总|合计|总表|统计|分析|summary|total/i;

export interface PickedSheet {
  sheet: SheetData;
  header: HeaderDetection;
  /** how much this looks like the data sheet: the header's fields, then its rows */
  score: number;
}

export interface PickedSheets {
  /** the sheets to import, in workbook order */
  data: PickedSheet[];
  /** every sheet of the workbook with what it is (figures of data sheets are filled in later) */
  infos: SheetInfo[];
}

function info(sheet: SheetData, status: SheetInfo['status'], note?: string): SheetInfo {
  return { sheet: sheet.name, status, rows: 0, totalFen: 0, months: [], ...(note ? { note } : {}) };
}

/** One named sheet (the preview's choice, a remembered one). */
export function pickSheet(wb: WorkbookData, sheetName: string, headerRow?: number): PickedSheet {
  const sheet = wb.sheets.find((s) => s.name === sheetName) ?? wb.sheets.find((s) => s.name.trim() === sheetName.trim());
  if (!sheet) {
    refuse('SHEET_NOT_FOUND', `找不到工作表“${sheetName}”，文件中的工作表有：${wb.sheets.map((s) => s.name).join('、')}`, {
      sheets: wb.sheets.map((s) => s.name),
    });
  }
  if (sheet.rows.length === 0) refuse('NO_DATA', `工作表“${sheet.name}”是空的`);
  const header = detectHeader(sheet, headerRow === undefined ? {} : { headerRow });
  if (!header) refuse('HEADER_NOT_FOUND', headerNotFound(sheet.name));
  return { sheet, header, score: header.score };
}

/** Every data sheet; `named` restricts to those (and imports them even when hidden or a summary). */
export function pickSheets(wb: WorkbookData, opts: { named?: string[]; headerRow?: number; headerRowSheet?: string } = {}): PickedSheets {
  const candidates: (PickedSheet & { layout: boolean; summary: boolean })[] = [];
  const infos: SheetInfo[] = [];
  const named = opts.named?.map((n) => n.trim());
  for (const n of named ?? []) {
    if (!wb.sheets.some((s) => s.name.trim() === n)) {
      refuse('SHEET_NOT_FOUND', `找不到工作表“${n}”，文件中的工作表有：${wb.sheets.map((s) => s.name).join('、')}`, { sheets: wb.sheets.map((s) => s.name) });
    }
  }
  for (const sheet of wb.sheets) {
    const chosen = named?.includes(sheet.name.trim());
    if (sheet.rows.length === 0) {
      infos.push(info(sheet, 'empty', '空表'));
      continue;
    }
    if (named && !chosen) {
      infos.push(info(sheet, 'skipped', '未选择'));
      continue;
    }
    if (!chosen && sheet.hidden) {
      infos.push(info(sheet, 'hidden', '隐藏的工作表'));
      continue;
    }
    if (!chosen && INSTRUCTION_SHEET.test(sheet.name)) {
      infos.push(info(sheet, 'instructions', '填表说明或选项表'));
      continue;
    }
    const headerRow = opts.headerRow !== undefined && (opts.headerRowSheet === undefined || opts.headerRowSheet === sheet.name) ? opts.headerRow : undefined;
    const header = detectHeader(sheet, headerRow === undefined ? {} : { headerRow });
    if (!header) {
      infos.push(info(sheet, 'no-header', '找不到表头'));
      continue;
    }
    const fields = new Set(mapColumns(header.columns, header.unitHint).map((m) => m.field));
    const layout = fields.has('amountFen') && (fields.has('productName') || fields.has('date'));
    const dataRows = sheet.rows.length - header.dataStart;
    let score = header.score * 10 + Math.min(dataRows, 1000) / 100;
    if (dataRows <= 0) score -= 20;
    candidates.push({ sheet, header, score, layout, summary: !chosen && SUMMARY_SHEET.test(sheet.name) });
    infos.push(info(sheet, 'data'));
  }
  if (named) return { data: candidates, infos };

  // A sheet named 汇总 is a summary when other sheets hold purchases; alone, it is the data.
  const detail = candidates.filter((c) => c.layout && !c.summary);
  let data = detail.length > 0 ? detail : candidates.filter((c) => c.layout);
  if (data.length === 0 && candidates.length > 0) data = [candidates.reduce((a, b) => (b.score > a.score ? b : a))];
  for (const c of candidates) {
    if (data.includes(c)) continue;
    const i = infos.findIndex((x) => x.sheet === c.sheet.name);
    infos[i] = info(c.sheet, 'summary', c.summary ? '汇总表' : '不是采购明细的格式');
  }
  if (data.length === 0) {
    if (wb.sheets.every((s) => s.rows.length === 0)) refuse('NO_DATA', '文件中没有任何数据（所有工作表都是空的）');
    refuse('HEADER_NOT_FOUND', headerNotFound(wb.sheets.map((s) => s.name).join('、')));
  }
  return { data, infos };
}

function headerNotFound(where: string): string {
  return `在“${where}”中找不到表头：前 40 行中没有一行写着至少两个可识别的列名（如“日期”“采购单位”“产品名称”“金额”）。请确认表头文字，或手动指定表头所在行`;
}
