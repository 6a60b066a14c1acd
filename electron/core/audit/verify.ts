/**
 * Verification of a ledger: SQLite's integrity check, the audit log's hash chain, and that
 * every row is exactly what its latest audit entry says it is (a row changed, added or
 * removed with plain SQL, bypassing the app, is named here).
 */
import type { VerifyProblem } from '../../../shared/api';
import { ENTITY_TABLES, entityLabel, type EntityName } from '../db/write-path';
import type { Db } from '../db/connection';
import { differsFromAudit, entryHash, GENESIS_HASH, type AuditFields } from './chain';

/** Stop listing after this many problems of one kind: one is enough to fail, a few help to fix. */
const MAX_PER_KIND = 50;

export function verifyLedger(db: Db): VerifyProblem[] {
  const problems: VerifyProblem[] = [];
  const integrity = db.pragma('integrity_check', { simple: true });
  if (integrity !== 'ok') problems.push({ code: 'INTEGRITY', message: `数据库完整性检查未通过：${String(integrity)}` });
  problems.push(...verifyChain(db));
  for (const entity of Object.keys(ENTITY_TABLES) as EntityName[]) problems.push(...verifyRows(db, entity));
  return problems;
}

export function verifyChain(db: Db): VerifyProblem[] {
  const problems: VerifyProblem[] = [];
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  const rows = db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<AuditFields & { prev_hash: string; hash: string }>;
  for (const row of rows) {
    if (row.seq !== expectedSeq) {
      problems.push({ code: 'AUDIT_CHAIN_BROKEN', message: `操作记录缺少第 ${expectedSeq} 至 ${row.seq - 1} 条（被删除）`, entity: 'audit', entityId: row.seq });
    }
    if (row.prev_hash !== prev) {
      problems.push({ code: 'AUDIT_CHAIN_BROKEN', message: `第 ${row.seq} 条操作记录与前一条的链接不符`, entity: 'audit', entityId: row.seq });
    }
    if (entryHash(row.prev_hash, row) !== row.hash) {
      problems.push({ code: 'AUDIT_CHAIN_BROKEN', message: `第 ${row.seq} 条操作记录的内容被改动过（哈希不符）`, entity: 'audit', entityId: row.seq });
    }
    prev = row.hash;
    expectedSeq = row.seq + 1;
    if (problems.length >= MAX_PER_KIND) break;
  }
  return problems;
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
      if (changed.length > 0) {
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
