/** Full-width ASCII (０-９, Ａ-Ｚ, ．, ，…) and the ideographic space to half-width. */
export function toHalfWidth(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

/** Trim and fold internal whitespace runs (line breaks from Excel cells included). */
export function cleanText(text: string): string {
  return text.replace(/[\s\u3000]+/g, ' ').trim();
}
