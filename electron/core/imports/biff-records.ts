/**
 * A structural check of a legacy workbook's BIFF stream before SheetJS parses it: every record
 * ([type u16][length u16][data]) must end inside the stream. SheetJS reads a record that
 * claims bytes beyond the stream's end as NaN counts and then loops without end (found by a
 * fuzz run of the parser: a 4 KB .xls, test/fixtures/fuzz/externsheet-overrun.xls, held the
 * worker until its 20 s timeout and was then reported as too slow rather than damaged). A
 * valid workbook never has such a record (padding parses as empty records), so refusing it
 * loses nothing.
 */
export function biffOverrun(stream: Uint8Array): { offset: number; type: number; length: number } | null {
  let at = 0;
  while (at + 4 <= stream.length) {
    const type = stream[at] | (stream[at + 1] << 8);
    const length = stream[at + 2] | (stream[at + 3] << 8);
    if (at + 4 + length > stream.length) return { offset: at, type, length };
    at += 4 + length;
  }
  return null;
}
