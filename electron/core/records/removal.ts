/**
 * Deleting a record, and bringing a deleted one back (undo). What hangs on a record's number —
 * its attachment links and its waivers — ends with it, in the same audited change: left behind,
 * they would describe a record that no longer exists (and, before ids stopped being reused,
 * moved onto the next new record). The stored files stay until cleanup removes unused ones.
 */
import { isPostgres, type Db } from '../db/connection';
import { jsonText } from '../db/dialect-sql';
import { prepared } from '../db/statements';
import type { Row, Writer } from '../db/write-path';
import { unlinkAll } from '../attachments/links';

/** Inside a write: deletes the record, then its links and waivers. Returns the record as it was. */
export function removeRecord(w: Writer, db: Db, id: number): Row {
  const before = w.remove('record', id);
  unlinkAll(w, db, { entity: 'record', id });
  const waivers = prepared(db, 'SELECT id FROM check_waivers WHERE record_id = ? ORDER BY id').pluck().all(id) as number[];
  for (const waiverId of waivers) w.remove('checkWaiver', waiverId);
  return before;
}

interface Deletion {
  opId: number;
  before: Row;
}

/** The record's deletion, when the latest thing the audit log says of its number is that it was deleted. */
export function deletionOf(db: Db, id: number): Deletion | null {
  const last = prepared(db, "SELECT action, op_id, before_json FROM audit_log WHERE entity = 'record' AND entity_id = ? ORDER BY seq DESC LIMIT 1").get(id) as
    | { action: string; op_id: number; before_json: string | null }
    | undefined;
  if (!last || last.action !== 'delete' || !last.before_json) return null;
  return { opId: last.op_id, before: JSON.parse(last.before_json) as Row };
}

/**
 * Brings back, inside a write, a record deleted earlier (undo, redo of an insert): the row it
 * was, with `values` applied over it, under its own number, and the links and waivers its
 * deletion ended (a link whose file cleanup has since removed stays ended, and so does a waiver
 * whose issue was waived again meanwhile). Restored this way, the row equals the one deleted,
 * which is how `verify` tells a restore from a reused number.
 */
export function restoreRecord(w: Writer, db: Db, deletion: Deletion, values: Row): Row {
  const { id, ...before } = deletion.before;
  const after = w.insert('record', { ...before, ...values }, Number(id));
  // the row's number as text: PostgreSQL reads a JSON field as text (SQLite as the number it is)
  const number = isPostgres(db) ? String(id) : Number(id);
  const ended = prepared(
    db,
    `SELECT entity, entity_id, before_json FROM audit_log WHERE op_id = ? AND action = 'delete' AND entity IN ('attachmentLink', 'checkWaiver')
       AND ? IN (${jsonText(db, 'before_json', 'entity_id')}, ${jsonText(db, 'before_json', 'record_id')}) ORDER BY seq`,
  ).all(deletion.opId, number) as { entity: 'attachmentLink' | 'checkWaiver'; entity_id: number; before_json: string }[];
  for (const e of ended) {
    const { id: endedId, ...row } = JSON.parse(e.before_json) as Row;
    const belonged = e.entity === 'attachmentLink' ? row.entity === 'record' && row.entity_id === after.id : row.record_id === after.id;
    if (!belonged || w.get(e.entity, e.entity_id)) continue;
    if (e.entity === 'attachmentLink' && !w.get('attachment', Number(row.attachment_id))) continue;
    // The same issue waived again while the record was gone (a stale 检查 list, another window):
    // that newer decision stands, and the ended one stays ended (one waiver per code and subject).
    if (e.entity === 'checkWaiver' && waiverExists(db, row)) continue;
    w.insert(e.entity, row, Number(endedId));
  }
  return after;
}

function waiverExists(db: Db, row: Row): boolean {
  return prepared(db, 'SELECT 1 FROM check_waivers WHERE code = ? AND subject = ?').get(row.code, row.subject) !== undefined;
}
