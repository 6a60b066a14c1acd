/**
 * The append-only guard of a PostgreSQL ledger's audit log, as verify checks it: the three
 * statement triggers (db/pg/append-only.ts) present, enabled, and still calling a function that
 * refuses. (On a file the same check reads the RAISE triggers' SQL: audit/verify.ts.)
 */
import type { VerifyProblem } from '../../../shared/api';
import type { PgDb } from '../db/pg/pg-db';
import { APPEND_ONLY_MESSAGE } from '../db/pg/append-only';

const TRIGGERS = ['audit_log_no_update', 'audit_log_no_delete', 'audit_log_no_truncate'];

export function postgresAppendOnlyProblems(db: PgDb): VerifyProblem[] {
  const rows = db
    .prepare(
      `SELECT t.tgname AS name, t.tgenabled AS enabled, p.prosrc AS body
         FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
        WHERE t.tgrelid = 'audit_log'::regclass AND NOT t.tgisinternal`,
    )
    .all() as { name: string; enabled: string; body: string }[];
  const byName = new Map(rows.map((r) => [r.name, r]));
  const problems: VerifyProblem[] = [];
  for (const name of TRIGGERS) {
    const t = byName.get(name);
    if (!t) problems.push({ code: 'AUDIT_NOT_APPEND_ONLY', message: `操作记录的只追加保护（触发器 ${name}）已被删除：操作记录可以被直接改动或删除` });
    else if (t.enabled === 'D') problems.push({ code: 'AUDIT_NOT_APPEND_ONLY', message: `操作记录的只追加保护（触发器 ${name}）已被停用：操作记录可以被直接改动或删除` });
    else if (!/RAISE\s+EXCEPTION/i.test(t.body) || !t.body.includes(APPEND_ONLY_MESSAGE)) {
      problems.push({ code: 'AUDIT_NOT_APPEND_ONLY', message: `操作记录的只追加保护（触发器 ${name}）已被改动，不再拒绝修改` });
    }
  }
  return problems;
}
