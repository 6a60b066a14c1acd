/**
 * records.source_json of an imported row: what the unit wrote (shared/domain/record-source.ts).
 * Built as text from pieces made once per column: a 100,000-row import builds 100,000 of these
 * inside the commit, so no object per cell.
 */
import type { ImportParse, ParsedRow } from '../../../shared/domain/import';
import type { RecordSource } from '../../../shared/domain/record-source';
import { columnLetter } from '../imports/detect-header';

export function sourceJsonBuilder(parse: ImportParse): (row: ParsedRow) => string {
  const labels = new Map(parse.mapping.map((m) => [m.column, m.header]));
  const head = `${JSON.stringify({ file: parse.fileName, sheet: parse.sheet }).slice(0, -1)},"row":`;
  const cellHeads: string[] = [];
  return (row) => {
    let s = `${head}${row.sourceRow},"cells":[`;
    let first = true;
    const raw = row.raw;
    for (let c = 0; c < raw.length; c++) {
      const text = raw[c];
      if (!text) continue;
      const cellHead = (cellHeads[c] ??= `[${JSON.stringify(columnLetter(c))},${JSON.stringify(labels.get(c) ?? '')},`);
      s += `${first ? '' : ','}${cellHead}${JSON.stringify(text)}]`;
      first = false;
    }
    return `${s}]}`;
  };
}

/** The same, as an object (tests, the error workbook's reader). */
export function sourceOf(parse: ImportParse, row: ParsedRow): RecordSource {
  return JSON.parse(sourceJsonBuilder(parse)(row)) as RecordSource;
}
