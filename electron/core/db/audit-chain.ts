/**
 * The audit log's hash chain. Each entry's hash covers its own fields and the previous
 * entry's hash, so changing, removing or inserting an entry anywhere breaks every hash after it.
 */
import { hash } from 'node:crypto';
import type { AuditLogTable } from './schema';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields an entry's hash covers: the log's columns but its own prev_hash and hash. */
export type AuditFields = Omit<AuditLogTable, 'prev_hash' | 'hash' | 'after_sha256'> & {
  /** a bulk insert's row digest in place of after_json (migration 7); absent/null before */
  after_sha256?: string | null;
};

/** Each field as `<length>:<text>` (or `-` for null): unambiguous whatever the text holds. */
function field(v: string | number | null): string {
  if (v === null) return '-';
  const text = String(v);
  return `${text.length}:${text}`;
}

/**
 * The columns an entry's hash covers, in hashing order, as SQL: a walk over the whole log selects
 * them raw (`SELECT ${HASHED_COLUMNS}, prev_hash, hash …`) and hands each row to hashOfColumns.
 */
export const HASHED_COLUMNS = 'seq, at, actor, action, label, op_id, entity, entity_id, before_json, after_json, after_sha256';

/** An entry's hashed columns as a raw row returns them, in HASHED_COLUMNS order. */
export type HashedValues = readonly [
  seq: number,
  at: string,
  actor: string,
  action: string,
  label: string | null,
  opId: number,
  entity: string,
  entityId: number | null,
  beforeJson: string | null,
  afterJson: string | null,
  afterSha256: string | null | undefined,
];

/**
 * The one audit-hash implementation: every writer and every walk (verify, the checks, the
 * package's carried entries) calls this. after_sha256 is appended only when present, so entries
 * written before migration 7 hash as they did.
 */
export function hashOfColumns(prevHash: string, v: HashedValues): string {
  // Written out rather than mapped over the array: this runs once per row of a million-row load.
  const body = `${field(v[0])}|${field(v[1])}|${field(v[2])}|${field(v[3])}|${field(v[4])}|${field(v[5])}|${field(v[6])}|${field(v[7])}|${field(v[8])}|${field(v[9])}`;
  const digest = v[10] ? `|${field(v[10])}` : '';
  return hash('sha256', `${prevHash}\n${body}${digest}`, 'hex');
}

export function entryHash(prevHash: string, e: AuditFields): string {
  return hashOfColumns(prevHash, [e.seq, e.at, e.actor, e.action, e.label, e.op_id, e.entity, e.entity_id, e.before_json, e.after_json, e.after_sha256]);
}

/**
 * The digest a bulk insert's audit entry keeps of its row: SHA-256 of the row's non-NULL values
 * as JSON, in table column order (the order SELECT * returns, and the order the write path
 * builds rows in). NULLs are left out so a column added later with a NULL default leaves the
 * digest of older rows unchanged.
 */
export function rowDigest(row: Record<string, unknown>): string {
  const present: Record<string, unknown> = {};
  for (const k in row) if (row[k] !== null && row[k] !== undefined) present[k] = row[k];
  return hash('sha256', JSON.stringify(present), 'hex');
}

/**
 * How a row differs from its latest audited state: the changed columns when the entry kept the
 * row as JSON, ['*'] when it kept only a digest that no longer matches, [DAMAGED] when its JSON is
 * unreadable, [] when it matches.
 */
export function differsFromAudit(current: Record<string, unknown>, afterJson: string | null, afterSha256: string | null): string[] {
  if (afterJson === null) return afterSha256 !== null && rowDigest(current) !== afterSha256 ? ['*'] : [];
  const audited = parseAuditJson(afterJson);
  if (audited === undefined) return [DAMAGED];
  return Object.keys(audited).filter((k) => (audited[k] ?? null) !== (current[k] ?? null));
}

/** differsFromAudit's answer when the entry's `after` is not JSON: the entry is damaged (verify names it). */
export const DAMAGED = '!damaged';

/** An entry's before/after as an object; undefined when the text is not a JSON object (a damaged entry). */
export function parseAuditJson(text: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
