/**
 * The audit log's hash chain. Each entry's hash covers its own fields and the previous
 * entry's hash, so changing, removing or inserting an entry anywhere breaks every hash after it.
 */
import { createHash, hash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditFields {
  seq: number;
  at: string;
  actor: string;
  action: string;
  label: string | null;
  op_id: number;
  entity: string;
  entity_id: number | null;
  before_json: string | null;
  after_json: string | null;
  /** a bulk insert's row digest in place of after_json (migration 7); absent/null before */
  after_sha256?: string | null;
}

/** Each field as `<length>:<text>` (or `-` for null): unambiguous whatever the text holds. */
function field(v: string | number | null): string {
  if (v === null) return '-';
  const text = String(v);
  return `${text.length}:${text}`;
}

export function entryHash(prevHash: string, e: AuditFields): string {
  // Written out rather than mapped over an array: this runs once per row of a million-row load.
  // after_sha256 is appended only when present, so entries written before it hash as they did.
  const body = `${field(e.seq)}|${field(e.at)}|${field(e.actor)}|${field(e.action)}|${field(e.label)}|${field(e.op_id)}|${field(e.entity)}|${field(e.entity_id)}|${field(e.before_json)}|${field(e.after_json)}`;
  const digest = e.after_sha256 ? `|${field(e.after_sha256)}` : '';
  return createHash('sha256').update(`${prevHash}\n${body}${digest}`).digest('hex');
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
 * row as JSON, ['*'] when it kept only a digest that no longer matches, [] when it matches.
 */
export function differsFromAudit(current: Record<string, unknown>, afterJson: string | null, afterSha256: string | null): string[] {
  if (afterJson === null) return afterSha256 !== null && rowDigest(current) !== afterSha256 ? ['*'] : [];
  const audited = JSON.parse(afterJson) as Record<string, unknown>;
  return Object.keys(audited).filter((k) => (audited[k] ?? null) !== (current[k] ?? null));
}
