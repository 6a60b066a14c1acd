/**
 * The guard for text files (CSV), like zip-guard.ts is for xlsx: their shape is measured on the
 * bytes, in one pass, before anything decodes or parses them, so a hostile or broken text file
 * is refused in a fraction of a second instead of after SheetJS has built every cell of it
 * (a 95 MB CSV of a million rows took 15 s to come back as TOO_MANY_ROWS; a 90 MB single field
 * used the worker's whole heap). It refuses only what the parse would refuse anyway, sooner:
 * - more non-blank rows than the limit (quote-aware: a line break inside "…" is not a row);
 * - a cell longer than Excel allows (32,767 characters; counted as bytes, at most 4 a character).
 * Markup (an HTML table saved as .xls, SpreadsheetML) is left to the parse: its rows are tags.
 *
 * `controlCharacterProblem` says what is wrong with text that is not a table's text (a NUL, an
 * escape character…) and where, instead of a bare "not a workbook".
 */
import { IMPORT_LIMITS, type ImportLimits } from './limits';
import { refuse } from './refusal';

/** Excel's limit for one cell, in characters. */
export const MAX_CELL_CHARS = 32_767;
const MAX_CELL_BYTES = MAX_CELL_CHARS * 4;

const QUOTE = 0x22;
const LF = 0x0a;
/** Bytes that end a cell outside quotes (SheetJS guesses the separator among these) or are blank. */
const SEPARATOR = new Uint8Array(256);
for (const b of [0x2c, 0x09, 0x3b, 0x7c, 0x0d, LF]) SEPARATOR[b] = 1;
const BLANK = new Uint8Array(256);
for (const b of [0x2c, 0x09, 0x3b, 0x7c, 0x0d, LF, 0x20, 0x00, QUOTE]) BLANK[b] = 1;

export function guardTextShape(bytes: Uint8Array, limits: Pick<ImportLimits, 'maxRows'> = IMPORT_LIMITS): void {
  if (isMarkup(bytes)) return;
  let rows = 0;
  let line = 1;
  let rowHasContent = false;
  let inQuotes = false;
  let cellBytes = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === QUOTE) inQuotes = !inQuotes;
    if (b === LF) line++;
    if (!inQuotes && SEPARATOR[b] === 1) {
      cellBytes = 0;
      if (b === LF) {
        if (rowHasContent && ++rows > limits.maxRows) tooManyRows(limits.maxRows);
        rowHasContent = false;
      }
      continue;
    }
    if (BLANK[b] === 0) rowHasContent = true;
    if (++cellBytes > MAX_CELL_BYTES) {
      refuse(
        'CELL_TOO_LONG',
        `第 ${line} 行有一个单元格超过 ${MAX_CELL_CHARS.toLocaleString('en-US')} 个字符（Excel 单元格的上限），这不是台账数据的样子；` +
          '可能是引号没有配对或导出出错，请在 Excel/WPS 中打开检查后另存再导入',
        { line },
      );
    }
  }
  if (rowHasContent && rows + 1 > limits.maxRows) tooManyRows(limits.maxRows);
}

function tooManyRows(maxRows: number): never {
  refuse('TOO_MANY_ROWS', `文件超过 ${maxRows.toLocaleString('en-US')} 行，请拆分成几个文件后分别导入`);
}

/** A BOM, white space, then '<': an HTML table or SpreadsheetML, whose rows are not lines. */
function isMarkup(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const step = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) ? 2 : 1;
  if (step === 2) i = 2;
  for (; i < Math.min(bytes.length, 4096); i += step) {
    const b = step === 2 && bytes[i] === 0 ? bytes[i + 1] : bytes[i];
    if (b === 0x20 || b === 0x09 || b === 0x0d || b === LF) continue;
    return b === 0x3c;
  }
  return false;
}

const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f\ufffd]/; // eslint-disable-line no-control-regex

/** Where decoded text holds what a table's text never does, in Chinese; null if nothing. */
export function controlCharacterProblem(text: string): string | null {
  const match = CONTROL.exec(text);
  if (!match) return null;
  const at = match.index;
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) line++;
  const ch = match[0];
  const what =
    ch === '\u0000'
      ? '空字符（NUL，0x00）'
      : ch === '\ufffd'
        ? '无法识别的字符（�，可能是编码损坏）'
        : `控制字符（0x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}）`;
  const hint =
    ch === '\u0000'
      ? '表格文本里不会有空字符：文件可能已损坏，或是 UTF-16 编码却缺少字节顺序标记'
      : '表格文本里不会有这样的字符：文件可能已损坏或导出出错';
  return `不是可导入的表格文件：第 ${line} 行含有${what}。${hint}；请在 Excel/WPS 中打开，另存为 .xlsx 后再导入`;
}
