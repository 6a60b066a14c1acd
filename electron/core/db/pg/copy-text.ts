/**
 * Rows in the text format of PostgreSQL's COPY (tab between columns, a newline after each row,
 * `\N` for NULL, backslash escapes), for a bulk insert that the server takes in one statement
 * instead of multi-row INSERTs: parsing and planning a 5,400-parameter INSERT per 200 rows cost
 * more than the server's writing the rows. Only text, numbers and NULL are written so; anything
 * else (bytes) is refused with null, and the caller inserts those rows as before.
 */
export function copyText(rows: Iterable<readonly unknown[]>): string | null {
  const parts: string[] = [];
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < row.length; i++) {
      const v = row[i];
      let cell: string;
      if (v === null || v === undefined) cell = '\\N';
      else if (typeof v === 'string') cell = escape(v);
      else if (typeof v === 'number') {
        // as node-postgres sends a number: its shortest exact decimal (the server rounds it back to the same double)
        if (!Number.isFinite(v)) return null;
        cell = String(v);
      } else if (typeof v === 'bigint') cell = v.toString();
      else return null;
      line += i === 0 ? cell : `\t${cell}`;
    }
    parts.push(line);
  }
  return parts.length === 0 ? '' : `${parts.join('\n')}\n`;
}

const SPECIAL = /[\\\t\n\r]/;

function escape(s: string): string {
  if (!SPECIAL.test(s)) return s;
  return s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}
