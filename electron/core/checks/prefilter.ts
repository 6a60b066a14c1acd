/**
 * The whole-ledger pass's SQL condition, assembled from the rules' own `candidates`
 * (shared/checks/row-rules.ts): true for every record some rule could flag, so SQLite narrows a
 * million records to the candidates and only those become JavaScript values. A rule without a
 * condition switches the narrowing off (every record is read): slower, never wrong.
 * test/checks/prefilter.test.ts runs every rule's case with and without it and compares.
 */
import { ROW_RULES, type CandidateSql, type CheckField, type RuleEnv } from '../../../shared/checks/row-rules';
import type { Db } from '../db/connection';

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
      return `(${c} IS NULL OR ${c} = '' OR unicode(${c}) IN (${[...WHITESPACE].map((ch) => ch.codePointAt(0)).join(', ')}))`;
    },
    value: (v) => {
      const name = `p${Object.keys(params).length}`;
      params[name] = v;
      return `@${name}`;
    },
    inList: (expr, values) => (values.length ? `${expr} IN (SELECT value FROM json_each(${q.value(JSON.stringify(values))}))` : '0'),
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
  };
  const conditions: string[] = [];
  for (const rule of ROW_RULES) {
    if (!rule.candidates) return null;
    conditions.push(rule.candidates(q, env));
  }
  return { sql: conditions.map((c) => `(${c})`).join('\n OR '), params };
}
