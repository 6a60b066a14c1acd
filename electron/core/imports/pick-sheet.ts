/**
 * Which sheet holds the data. Templates ship a 填表说明 sheet first and hidden lists for the
 * drop-downs; some units keep last month's sheet next to this month's. The default is the
 * visible sheet whose header names the most fields, then the one with more rows; the caller
 * (the preview's sheet chooser, or a remembered choice) can name the sheet instead.
 */
import { detectHeader, type HeaderDetection } from './detect-header';
import { refuse } from './refusal';
import type { SheetData, WorkbookData } from './types';

const INSTRUCTION_SHEET = /说明|填表|须知|示例|样例|范例|字典|下拉|选项|参数|代码表|目录|封面|模板说明|instructions?|readme|lists?$/i;

export interface PickedSheet {
  sheet: SheetData;
  header: HeaderDetection;
}

export function pickSheet(wb: WorkbookData, sheetName?: string, headerRow?: number): PickedSheet {
  if (sheetName !== undefined) {
    const sheet = wb.sheets.find((s) => s.name === sheetName) ?? wb.sheets.find((s) => s.name.trim() === sheetName.trim());
    if (!sheet) {
      refuse('SHEET_NOT_FOUND', `找不到工作表“${sheetName}”，文件中的工作表有：${wb.sheets.map((s) => s.name).join('、')}`, {
        sheets: wb.sheets.map((s) => s.name),
      });
    }
    if (sheet.rows.length === 0) refuse('NO_DATA', `工作表“${sheet.name}”是空的`);
    const header = detectHeader(sheet, headerRow === undefined ? {} : { headerRow });
    if (!header) refuse('HEADER_NOT_FOUND', headerNotFound(sheet.name));
    return { sheet, header };
  }

  let best: (PickedSheet & { score: number }) | null = null;
  for (const sheet of wb.sheets) {
    if (sheet.rows.length === 0) continue;
    const header = detectHeader(sheet, headerRow === undefined ? {} : { headerRow });
    if (!header) continue;
    const dataRows = sheet.rows.length - header.dataStart;
    let score = header.score * 10 + Math.min(dataRows, 1000) / 100;
    if (INSTRUCTION_SHEET.test(sheet.name)) score -= 50;
    if (sheet.hidden) score -= 100;
    if (dataRows <= 0) score -= 20;
    if (!best || score > best.score) best = { sheet, header, score };
  }
  if (!best) {
    if (wb.sheets.every((s) => s.rows.length === 0)) refuse('NO_DATA', '文件中没有任何数据（所有工作表都是空的）');
    refuse('HEADER_NOT_FOUND', headerNotFound(wb.sheets.map((s) => s.name).join('、')));
  }
  return { sheet: best.sheet, header: best.header };
}

function headerNotFound(where: string): string {
  return `在“${where}”中找不到表头：前 40 行中没有一行写着至少两个可识别的列名（如“日期”“采购单位”“产品名称”“金额”）。请确认表头文字，或手动指定表头所在行`;
}
