/**
 * The audit log's hash chain. Each entry's hash covers its own fields and the previous
 * entry's hash, so changing, removing or inserting an entry anywhere breaks every hash after it.
 */
import { createHash } from 'node:crypto';

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
}

/** Each field as `<length>:<text>` (or `-` for null): unambiguous whatever the text holds. */
function field(v: string | number | null): string {
  if (v === null) return '-';
  const text = String(v);
  return `${text.length}:${text}`;
}

export function entryHash(prevHash: string, e: AuditFields): string {
  const body = [e.seq, e.at, e.actor, e.action, e.label, e.op_id, e.entity, e.entity_id, e.before_json, e.after_json].map(field).join('|');
  return createHash('sha256').update(`${prevHash}\n${body}`).digest('hex');
}
