/**
 * Formula injection. Text a spreadsheet could take for a formula or a DDE command (starting
 * with = + - @, tab or CR) is written with a leading apostrophe in every workbook the app
 * makes; reading our own workbooks back, that apostrophe is taken off again so a round trip
 * keeps the text exactly. Text that already starts with apostrophes before such a character
 * (a user typed `'=x`) gets one more too (`''=x`), so it comes back as `'=x` and never as the
 * `=x` that is written `'=x`: one apostrophe is added and one taken off, always.
 */
const NEUTRALIZED = /^'*[=+\-@\t\r]/;

/** Neutralised for writing. Plain numbers (“-12.5”) stay as they are. */
export function neutralizeFormulaText(text: string): string {
  if (text === '' || /^[-+]?\d+(\.\d+)?$/.test(text)) return text;
  return NEUTRALIZED.test(text) ? `'${text}` : text;
}

/** The text as it was before `neutralizeFormulaText`. */
export function restoreNeutralizedText(text: string): string {
  return text.startsWith("'") && NEUTRALIZED.test(text.slice(1)) ? text.slice(1) : text;
}
