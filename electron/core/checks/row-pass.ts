/**
 * The record pass: the shared row rules (shared/checks/row-rules.ts) on every record in scope.
 * It reads exactly the fields the rules say they read (ROW_RULE_READS), mapped to columns by
 * name, so a new rule runs over the ledger as soon as it is written. The whole ledger is walked
 * in id ranges, so no statement stays open between chunks (the caller may yield, write, or
 * cancel in between).
 */
import { severityOf } from '../../../shared/checks/codes';
import { createRowChecker, createRuleEnv, ROW_RULE_READS, type CheckField, type CheckRow, type RowRuleContext } from '../../../shared/checks/row-rules';
import type { CheckIssue } from '../../../shared/domain/checks';
import type { RecordField } from '../../../shared/domain/record';
import { isPostgres, type Db } from '../db/connection';
import { postgresTableInfo } from '../db/pg/table-info';
import { FIELD_COLUMNS } from '../records/columns';
import { buildPrefilter } from './prefilter';
import type { CheckScope } from './scope';

/** A check field's column, and how a stored value becomes the rule's value. */
function columnOf(field: CheckField): { column: string; read?: (v: unknown) => unknown } {
  if (field === 'period') return { column: 'period' };
  // What the unit wrote where the app could not read it: JSON text, parsed only where present.
  if (field === 'unread') return { column: 'unread_json', read: (v) => (v === null ? null : JSON.parse(v as string)) };
  return { column: FIELD_COLUMNS[field as RecordField] };
}

function hasColumn(db: Db, table: string, column: string): boolean {
  // (a PostgreSQL ledger starts at schema 12: it always has the column, but ask all the same)
  if (isPostgres(db)) return postgresTableInfo(db, table).some((c) => c.name === column);
  return (db.prepare(`SELECT 1 FROM pragma_table_info('${table}') WHERE name = ?`).get(column) ?? null) !== null;
}

export class RowPass {
  private lastId = 0;
  private readonly maxId: number;
  private finished = false;
  private readonly check: ReturnType<typeof createRowChecker>;
  private readonly sql: string;
  private readonly params: Record<string, string | number>;
  private readonly fields: CheckField[];
  private readonly readers: ((v: unknown) => unknown)[] = [];

  constructor(
    private readonly db: Db,
    private readonly scope: CheckScope,
    ctx: RowRuleContext,
    private readonly issues: CheckIssue[],
    /** false: every record goes to the rules (the reference the prefilter is tested against) */
    narrow = true,
  ) {
    const env = createRuleEnv(ctx);
    this.check = createRowChecker(ctx, env);
    this.maxId = (db.prepare('SELECT coalesce(max(id), 0) FROM records').pluck().get() as number) ?? 0;
    // A ledger from before the unread column (migration 10) has nothing unread.
    const hasUnread = hasColumn(db, 'records', 'unread_json');
    this.fields = ROW_RULE_READS.filter((f) => f !== 'unread' || hasUnread);
    const columns = this.fields.map((f) => {
      const c = columnOf(f);
      if (c.read) this.readers[this.fields.indexOf(f)] = c.read;
      return `r.${c.column}`;
    });
    // A month is read in one go off the date index; the whole ledger in id ranges.
    const range = scope.period ? '' : 'r.id > @lastId AND r.id <= @untilId AND ';
    const prefilter = narrow ? buildPrefilter(db, env, (f) => (f === 'unread' && !hasUnread ? null : `r.${columnOf(f).column}`)) : null;
    this.sql = `SELECT r.id, ${columns.join(', ')} FROM records r WHERE ${range}${scope.where}${prefilter ? ` AND (${prefilter.sql})` : ''} ORDER BY r.id`;
    this.params = { ...scope.params, ...(prefilter?.params ?? {}) };
  }

  get done(): boolean {
    return this.finished;
  }

  /** Progress units: record ids for the whole ledger, one unit for a month. */
  total(): number {
    return this.scope.period ? 1 : this.maxId;
  }

  /** Checks the next id range of `size`; returns the progress units done. */
  step(size: number): number {
    if (this.finished) return 0;
    const from = this.lastId;
    const until = this.scope.period ? this.maxId : Math.min(this.maxId, from + size);
    const params = this.scope.period ? this.params : { ...this.params, lastId: from, untilId: until };
    const stmt = this.db.prepare(this.sql).raw();
    const { fields, readers } = this;
    const n = fields.length;
    // One row object, refilled: the rules keep nothing of it.
    const row: Record<string, unknown> = { id: 0 };
    const checkRow = row as unknown as CheckRow;
    for (const raw of stmt.iterate(params) as Iterable<unknown[]>) {
      row.id = raw[0];
      for (let i = 0; i < n; i++) {
        const read = readers[i];
        row[fields[i]] = read ? read(raw[i + 1]) : raw[i + 1];
      }
      const found = this.check(checkRow);
      for (const issue of found) {
        this.issues.push({ code: issue.code, severity: severityOf(issue.code), recordId: checkRow.id, subject: `record:${checkRow.id}`, message: issue.message });
      }
    }
    this.lastId = until;
    if (until >= this.maxId) this.finished = true;
    return this.scope.period ? 1 : until - from;
  }
}
