/**
 * Which rows below the header are records. Units end their lists with 合计/小计/总计 rows,
 * signature lines (“填表人：  审核人：”), notes (“注：1. …”), repeat the header on every printed
 * page, and leave template rows that carry only a 序号. None of these is a purchase; counting a
 * 合计 row would double the month's total, so they are classified here and reported, not parsed.
 */
import type { Cell, ColumnMapping, SkipReason } from './types';

export type RowKind = 'empty' | 'record' | SkipReason;

const TOTAL = /^(合计|小计|总计|累计|共计|汇总|总合计|本页合计|本页小计|本月合计|本期合计|全年合计|年度合计|合计金额|以上合计|总计金额)/;
const GRAND_TOTAL = /^(合计|总计|共计|总合计|全年合计|年度合计|合计金额|以上合计|总计金额)/;
const NOTE = /^(注|备注|说明|填表说明|附注|填表人|制表人|填报人|审核人|复核人|负责人|单位负责人|分管领导|联系人|联系电话|电话|经办人|制表日期|填报日期|填表日期|报送日期|盖章|单位盖章|单位公章|签字|签名)\s*\d*\s*[:：、.]/;

/** Signature-line labels, alone in a cell (“填表人”, “审核人：”): a footer spreads them over many cells. */
const SIGNATURE_LABEL = /^(填表人|制表人|填报人|审核人|复核人|负责人|单位负责人|分管领导|联系人|联系电话|电话|手机|经办人|制表日期|填报日期|填表日期|报送日期|盖章|单位盖章|单位公章|签字|签名|日期)[:：]?$/;

export interface RowShape {
  /** Header texts without whitespace, by column, to recognise a header repeated at a page break. */
  headerKeys: Map<number, string>;
  /** Columns that feed a field. */
  mappedColumns: number[];
}

export function rowShape(mapping: ColumnMapping, headerKeys: Map<number, string>): RowShape {
  return { headerKeys, mappedColumns: mapping.filter((m) => m.field).map((m) => m.column) };
}

function squash(t: string): string {
  return t.normalize('NFKC').replace(/[\s\u3000]+/g, '');
}

/** Whitespace-free text; page-break header repeats are copies, so this is enough (and cheap per row). */
export function headerKey(t: string): string {
  return t.replace(/[\s\u3000]+/g, '');
}

/** Labels of total rows all contain one of these: a cheap test before the regex. */
const TOTAL_CHARS = /[计总汇]/;

export function classifyRow(row: (Cell | null | undefined)[], shape: RowShape): RowKind {
  const texts: string[] = [];
  let firstTexts = 0;
  for (let c = 0; c < row.length; c++) {
    const cell = row[c];
    const t = cell ? cell.w.trim() : '';
    if (!t) continue;
    texts.push(t);
    // 合计 anywhere among the first few filled cells (it is often under 序号 or 采购单位).
    if (firstTexts < 4 && typeof cell?.v === 'string' && t.length <= 24 && TOTAL_CHARS.test(t)) {
      const sq = squash(t);
      if (sq.length <= 16 && TOTAL.test(sq)) return 'total';
    }
    firstTexts++;
  }
  if (texts.length === 0) return 'empty';
  const first = squash(texts[0]);
  // A line that opens with “填表人：”, “注：” … is a footer or a note however many cells it spreads over.
  if (NOTE.test(first) || (/^注\s*\d/.test(first) && texts.length <= 2)) return 'note';

  // The header again (printed page breaks): most header cells repeated in place.
  if (shape.headerKeys.size >= 2) {
    let same = 0;
    for (const [c, key] of shape.headerKeys) {
      const cell = row[c];
      if (cell && key && headerKey(cell.w) === key) same++;
    }
    if (same >= Math.max(2, Math.ceil(shape.headerKeys.size * 0.6))) return 'header';
  }

  // “填表人 | 张三 | 审核人 | 李四 | 联系电话 | …” with the labels in cells of their own.
  let labels = 0;
  for (const t of texts) if (t.length <= 8 && SIGNATURE_LABEL.test(squash(t)) && ++labels >= 2) return 'note';

  // Only unmapped columns filled (a template row with its 序号, a stray note): not a record.
  const anyMapped = shape.mappedColumns.some((c) => {
    const cell = row[c];
    return cell && (cell.w.trim() !== '' || cell.error);
  });
  if (!anyMapped) return texts.some((t) => t.length > 4 || /[^\d\s.]/.test(t)) && !texts.every((t) => /^\d+$/.test(t)) ? 'note' : 'empty';
  return 'record';
}

export function isGrandTotal(text: string): boolean {
  return GRAND_TOTAL.test(squash(text));
}
