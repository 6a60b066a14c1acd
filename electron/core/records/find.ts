/**
 * Ctrl+F searches every column as the grid displays it: text as written, 产地 by county name
 * (the column holds codes), amounts both as shown (1,194.00) and as typed (1194.00), numbers as
 * written. The match runs in SQL over the grid's filtered, sorted view; which column of the
 * found row matched is decided here again, on the same display forms.
 */
import { sql, type RawBuilder } from 'kysely';
import type { LedgerRecord, RecordField } from '../../../shared/domain/record';
import { fenToPlainYuan, formatFen } from '../../../shared/money';
import { RECORD_FIELDS } from '../../../shared/record-fields';
import type { Db } from '../db/connection';
import { hundredthsText, likeOperator } from '../db/dialect-sql';
import { FIELD_COLUMNS } from './columns';
import type { QueryHelpers } from './query';

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** amount_fen as the grid shows it (1,194.00) and as the editor shows it (1194.00); negatives keep their sign */
function moneyTexts(db: Db, column: string) {
  const abs = `abs(${column})`;
  const sign = `CASE WHEN ${column} < 0 THEN '-' ELSE '' END`;
  return [sql.raw(`${sign} || ${hundredthsText(db, abs, true)}`), sql.raw(`${sign} || ${hundredthsText(db, abs, false)}`)];
}

/** One SQL expression, true when some displayed column of the row contains the text. */
export function findMatchSql(db: Db, text: string, helpers: QueryHelpers): RawBuilder<boolean> {
  const pattern = likePattern(text);
  const like = (e: RawBuilder<unknown>) => sql`${e} ${sql.raw(likeOperator(db))} ${pattern} ESCAPE '\\'`;
  const terms: RawBuilder<unknown>[] = [];
  for (const field of RECORD_FIELDS) {
    const column = FIELD_COLUMNS[field.key];
    switch (field.kind) {
      case 'county': {
        const codes = helpers.countyCodesMatching(text);
        if (codes.length > 0) terms.push(sql`${sql.ref(column)} IN (${sql.join(codes)})`);
        break;
      }
      case 'money':
        for (const t of moneyTexts(db, column)) terms.push(like(t));
        break;
      case 'decimal':
      case 'integer':
        terms.push(like(sql`CAST(${sql.ref(column)} AS TEXT)`));
        break;
      default:
        terms.push(like(sql.ref(column)));
    }
  }
  return sql<boolean>`(${sql.join(terms, sql` OR `)})`;
}

/** The first column, in the grid's order, whose displayed value contains the text. */
export function matchedField(record: LedgerRecord, text: string, helpers: QueryHelpers): RecordField {
  const needle = text.toLowerCase();
  const has = (s: string) => s.toLowerCase().includes(needle);
  let codes: Set<string> | null = null;
  for (const field of RECORD_FIELDS) {
    const value = record[field.key];
    if (value === null || value === undefined) continue;
    switch (field.kind) {
      case 'county':
        codes ??= new Set(helpers.countyCodesMatching(text));
        if (codes.has(String(value))) return field.key;
        break;
      case 'money':
        if (has(formatFen(value as number)) || has(fenToPlainYuan(value as number))) return field.key;
        break;
      default:
        if (has(String(value))) return field.key;
    }
  }
  return 'purchaserName';
}
