/**
 * Invoice numbers as units write them: several per cell (、 , ， ; ； / or spaces), older
 * invoices as 发票代码 + 8-digit 号码, 数电发票 as 20 digits (year 2, province 2, channel 1, serial 15).
 */
import { toHalfWidth } from './text';

const OLD_CODE = /^(\d{8}[2-9][0-4]|0\d{11})$/;

/**
 * An invoice cell as the ledger keeps it. Between the explicit separators, spaces are read as
 * units write them: between whole numbers (8 or 20 digits) they separate invoices (kept apart
 * with 、); an older invoice's 发票代码 and 8-digit 号码 side by side become one `代码-号码`;
 * numbers of 8 digits or more side by side are kept apart too (each then checked on its own);
 * otherwise they group the digits of one number (`2131 2000 0000 1234 5678`) and go.
 */
export function normalizeInvoiceCell(text: string): string {
  return toHalfWidth(text)
    .trim()
    .toUpperCase()
    .replace(/[^、,，;；/]+/g, (segment) => {
      const tokens = segment.trim().split(/\s+/).filter(Boolean);
      if (tokens.length === 2 && OLD_CODE.test(tokens[0]) && /^\d{8}$/.test(tokens[1])) return `${tokens[0]}-${tokens[1]}`;
      // printed groups of one number are shorter than any invoice number (2131 2000 0000 …)
      if (tokens.length > 1 && tokens.every((t) => /^\d{8,}$/.test(t))) return tokens.join('、');
      return tokens.join('');
    });
}

export function splitInvoiceNumbers(text: string): string[] {
  return toHalfWidth(text)
    .split(/[、,，;；/\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** null when the number looks right, else a Chinese explanation (INVOICE_FORMAT). */
export function invoiceFormatProblem(no: string, issueDate?: string | null): string | null {
  const text = toHalfWidth(no).trim();
  const pair = /^(\d+)[:：\-](\d+)$/.exec(text);
  if (pair) {
    const [, code, number] = pair;
    const codeOk = (code.length === 10 && /^\d{8}[2-9][0-4]$/.test(code)) || (code.length === 12 && code.startsWith('0'));
    if (!codeOk) return `发票代码“${code}”应为 10 位（末两位为种类和版本）或以 0 开头的 12 位`;
    if (!/^\d{8}$/.test(number)) return `发票号码“${number}”应为 8 位数字`;
    return null;
  }
  if (/^\d{8}$/.test(text)) return null;
  if (/^\d{20}$/.test(text)) {
    if (issueDate && /^\d{4}/.test(issueDate) && text.slice(0, 2) !== issueDate.slice(2, 4)) {
      return `数电发票号码“${text}”前两位应为开票年份 ${issueDate.slice(2, 4)}`;
    }
    return null;
  }
  return `发票号码“${text}”既不是 8 位也不是 20 位（数电发票）`;
}
