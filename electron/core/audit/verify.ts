/**
 * Verification of a ledger: SQLite's integrity check, the audit log's hash chain, that
 * every row is exactly what its latest audit entry says it is (a row changed, added or
 * removed with plain SQL, bypassing the app, is named here), and that no number was given to
 * a second row (reused-ids.ts).
 */
import type { VerifyProblem } from '../../../shared/api';
import { ENTITY_TABLES, entityLabel, type EntityName } from '../db/write-path';
import { isPostgres, isSqlite, type Db } from '../db/connection';
import { postgresAppendOnlyProblems } from './verify-postgres';
import { DAMAGED, differsFromAudit } from '../db/audit-chain';
import { AuditChainWalk, MAX_BROKEN } from '../db/audit-chain-walk';
import { verifyIdsNotReused } from './reused-ids';

/** Stop listing after this many problems of one kind: one is enough to fail, a few help to fix. */
const MAX_PER_KIND = MAX_BROKEN;

export function verifyLedger(db: Db): VerifyProblem[] {
  const problems: VerifyProblem[] = [];
  // A ledger file's pages; a PostgreSQL server checks its own (and answers for them).
  const integrity = isSqlite(db) ? db.pragma('integrity_check', { simple: true }) : 'ok';
  if (integrity !== 'ok') problems.push({ code: 'INTEGRITY', message: `数据库完整性检查未通过：${String(integrity)}` });
  problems.push(...verifyAppendOnly(db));
  problems.push(...verifyChain(db));
  problems.push(...damagedEntries(db));
  for (const entity of Object.keys(ENTITY_TABLES) as EntityName[]) problems.push(...verifyRows(db, entity));
  problems.push(...verifyIdsNotReused(db, MAX_PER_KIND));
  return problems;
}

export function verifyChain(db: Db): VerifyProblem[] {
  const problems: VerifyProblem[] = [];
  new AuditChainWalk(db, (seq, message) => problems.push({ code: 'AUDIT_CHAIN_BROKEN', message, entity: 'audit', entityId: seq })).toEnd();
  return problems;
}

/**
 * The triggers of migration 1 that make the log append-only. Without them anyone with the file
 * can edit the log in place (the chain still catches it, unless re-chained): a dropped or
 * weakened trigger is a problem in itself.
 */
const APPEND_ONLY: Record<string, RegExp> = {
  audit_log_no_update: /^CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE\(ABORT, '[^']*'\); END$/i,
  audit_log_no_delete: /^CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE\(ABORT, '[^']*'\); END$/i,
};

function verifyAppendOnly(db: Db): VerifyProblem[] {
  if (isPostgres(db)) return postgresAppendOnlyProblems(db);
  const problems: VerifyProblem[] = [];
  const stored = new Map(
    (db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'").all() as { name: string; sql: string | null }[]).map((t) => [t.name, t.sql ?? '']),
  );
  for (const [name, shape] of Object.entries(APPEND_ONLY)) {
    const sql = stored.get(name);
    if (sql === undefined) {
      problems.push({ code: 'AUDIT_NOT_APPEND_ONLY', message: `操作记录的只追加保护（触发器 ${name}）已被删除：操作记录可以被直接改动或删除` });
    } else if (!shape.test(sql.replace(/\s+/g, ' ').trim())) {
      problems.push({ code: 'AUDIT_NOT_APPEND_ONLY', message: `操作记录的只追加保护（触发器 ${name}）已被改动，不再拒绝修改` });
    }
  }
  return problems;
}

/** Entries whose before/after is not JSON: damaged, named rather than failing verify as a whole. */
function damagedEntries(db: Db): VerifyProblem[] {
  const rows = db
    .prepare(
      `SELECT seq FROM audit_log WHERE (before_json IS NOT NULL AND NOT json_valid(before_json)) OR (after_json IS NOT NULL AND NOT json_valid(after_json))
       ORDER BY seq LIMIT ${MAX_PER_KIND}`,
    )
    .pluck()
    .all() as number[];
  return rows.map((seq) => ({ code: 'AUDIT_ENTRY_DAMAGED', message: `第 ${seq} 条操作记录已损坏（修改前后的内容不是有效的 JSON），无法用它核对数据`, entity: 'audit', entityId: seq }));
}

/**
 * Every row must equal the `after` of its latest audit entry (or, for a bulk insert, match its
 * digest); every live entry must have its row.
 */
function verifyRows(db: Db, entity: EntityName): VerifyProblem[] {
  const table = ENTITY_TABLES[entity];
  const label = entityLabel(entity);
  const problems: VerifyProblem[] = [];
  const latest = `SELECT a.entity_id, a.action, a.after_json, a.after_sha256 FROM audit_log a
     JOIN (SELECT entity_id, max(seq) AS seq FROM audit_log WHERE entity = @entity GROUP BY entity_id) m ON a.seq = m.seq`;
  const joined = db
    .prepare(`SELECT t.*, l.action AS __action, l.after_json AS __after, l.after_sha256 AS __digest FROM ${table} t LEFT JOIN (${latest}) l ON l.entity_id = t.id`)
    .iterate({ entity }) as IterableIterator<Record<string, unknown>>;
  for (const row of joined) {
    const { __action, __after, __digest, ...current } = row;
    const id = Number(current.id);
    const after = typeof __after === 'string' ? __after : null;
    const digest = typeof __digest === 'string' ? __digest : null;
    if ((after === null && digest === null) || __action === 'delete') {
      problems.push({ code: 'UNAUDITED_CHANGE', message: `${label} ${id} 不是经由本程序写入的（没有对应的操作记录）`, entity, entityId: id });
    } else {
      const changed = differsFromAudit(current, after, digest);
      // A damaged entry is named once by damagedEntries; the row cannot be compared with it.
      if (changed.length > 0 && changed[0] !== DAMAGED) {
        const what = changed[0] === '*' ? '内容与写入时的指纹不符' : `字段：${changed.join('、')}`;
        problems.push({ code: 'UNAUDITED_CHANGE', message: `${label} ${id} 在本程序之外被修改过（${what}）`, entity, entityId: id });
      }
    }
    if (problems.length >= MAX_PER_KIND) return problems;
  }
  const missing = db
    .prepare(`SELECT l.entity_id FROM (${latest}) l WHERE l.action != 'delete' AND NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.id = l.entity_id) LIMIT ${MAX_PER_KIND}`)
    .all({ entity }) as { entity_id: number }[];
  for (const m of missing) {
    problems.push({ code: 'UNAUDITED_CHANGE', message: `${label} ${m.entity_id} 在本程序之外被删除`, entity, entityId: m.entity_id });
  }
  return problems;
}
