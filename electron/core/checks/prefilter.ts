/**
 * The whole-ledger pass's SQL condition, assembled from the rules' own `candidates`
 * (shared/checks/row-rules.ts): true for every record some rule could flag, so SQLite narrows a
 * million records to the candidates and only those become JavaScript values. A rule without a
 * condition switches the narrowing off (every record is read): slower, never wrong.
 * test/checks/prefilter.test.ts runs every rule's case with and without it and compares.
 */
import { ROW_RULES, type CandidateSql, type CheckField, type RuleEnv } from '../../../shared/checks/row-rules';
import { isPostgres, type Db } from '../db/connection';
import { isDistinct, never, positionOf } from '../db/dialect-sql';

/** JS trim() strips these (and more exotic spaces, which the field parsers never leave behind). */
const WHITESPACE = ' \t\n\r\u3000\u00a0\v\f';

export interface Prefilter {
  sql: string;
  params: Record<string, string | number>;
}

/**
 * @param columnOf each field's column expression, or null where the ledger has no such column
 *   (the condition then reads NULL)
 */
export function buildPrefilter(db: Db, env: RuleEnv, columnOf: (field: CheckField) => string | null): Prefilter | null {
  const params: Record<string, string | number> = {};
  const distinct = new Map<CheckField, string[]>();
  const q: CandidateSql = {
    col: (field) => columnOf(field) ?? 'NULL',
    blank: (field) => {
      const c = q.col(field);
      // the first character's code point: PostgreSQL's ascii() gives it for any character in UTF-8
      const first = isPostgres(db) ? `ascii(${c})` : `unicode(${c})`;
      return `(${c} IS NULL OR ${c} = '' OR ${first} IN (${[...WHITESPACE].map((ch) => ch.codePointAt(0)).join(', ')}))`;
    },
    value: (v) => {
      const name = `p${Object.keys(params).length}`;
      params[name] = v;
      return `@${name}`;
    },
    inList: (expr, values) => {
      if (!values.length) return q.never;
      const list = q.value(JSON.stringify(values));
      return isPostgres(db) ? `${expr} IN (SELECT jsonb_array_elements_text(${list}::jsonb))` : `${expr} IN (SELECT value FROM json_each(${list}))`;
    },
    distinct: (field) => {
      let values = distinct.get(field);
      const column = columnOf(field);
      if (!values) {
        // off the column's index: an office has hundreds of purchasers and counties, not millions
        values = column ? (db.prepare(`SELECT DISTINCT ${column} FROM records r WHERE ${column} IS NOT NULL AND ${column} != ''`).pluck().all() as string[]) : [];
        distinct.set(field, values);
      }
      return values;
    },
    contains: (expr, text) => `${positionOf(db, expr, text)} > 0`,
    isDistinct: (a, b) => isDistinct(db, a, b),
    never: never(db),
    hasNonDigit: (expr) => (isPostgres(db) ? `(${expr} ~ '[^0-9]')` : `(${expr} GLOB '*[^0-9]*')`),
    // PostgreSQL: not of the form (month 01-12, day 01-31), or a day some month lacks (02-29 always read)
    notIsoDate: (expr) =>
      isPostgres(db)
        ? `(${expr} !~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' OR substr(${expr}, 6, 5) IN ('02-29', '02-30', '02-31', '04-31', '06-31', '09-31', '11-31'))`
        : `(date(${expr}) IS NULL OR date(${expr}) != ${expr})`,
  };
  const conditions: string[] = [];
  for (const rule of ROW_RULES) {
    if (!rule.candidates) return null;
    conditions.push(rule.candidates(q, env));
  }
  return { sql: conditions.map((c) => `(${c})`).join('\n OR '), params };
}
