/**
 * A parse crosses from the worker to the calling thread with its rows sent ahead in blocks:
 * the calling thread reads one block while the worker writes the next, instead of reading
 * 100,000 rows in one piece after the worker has written them all (about half a second of a
 * 100,000-row import spent waiting). The messages of a port arrive in the order sent.
 */
import type { ParsedRow } from './types';
import type { UnresolvedParse } from './parse-file';

const ROWS_PER_MESSAGE = 5_000;

export interface RowsMessage {
  type: 'rows';
  /** the sheet's place in sheetsOf() */
  sheet: number;
  rows: ParsedRow[];
}

/** Every sheet of a parse in one fixed order, the same on both sides: the first, then the others. */
function sheetsOf(u: UnresolvedParse): UnresolvedParse[] {
  return [u, ...(u.others ?? []).flatMap(sheetsOf)];
}

/** The rows of every sheet in blocks; each sheet is left without rows (the result then carries none). */
export function* takeRows(u: UnresolvedParse): Generator<RowsMessage> {
  const sheets = sheetsOf(u);
  for (let s = 0; s < sheets.length; s++) {
    const rows = sheets[s].parse.rows;
    sheets[s].parse.rows = [];
    for (let i = 0; i < rows.length; i += ROWS_PER_MESSAGE) yield { type: 'rows', sheet: s, rows: rows.slice(i, i + ROWS_PER_MESSAGE) };
  }
}

/** Collects the blocks on the calling thread and puts them back into the result. */
export class RowCollector {
  private readonly bySheet: ParsedRow[][][] = [];

  add(msg: RowsMessage): void {
    (this.bySheet[msg.sheet] ??= []).push(msg.rows);
  }

  restore(u: UnresolvedParse): UnresolvedParse {
    sheetsOf(u).forEach((sheet, s) => {
      const blocks = this.bySheet[s];
      if (blocks) sheet.parse.rows = blocks.length === 1 ? blocks[0] : blocks.flat();
    });
    return u;
  }
}
