/**
 * The role the app's staff connect as: it reads and writes the ledger but owns none of it, so
 * it cannot alter tables, drop the audit log's trigger, or grant itself more. The tables belong
 * to the role that created the ledger (an office's administrator); this gives the app role
 * exactly what the core needs. Idempotent: run it again after a migration that adds tables.
 */
import { AppError } from '../../../../shared/result';
import type { LedgerDb } from '../ledger-db';
import { ledgerSchemaName, META_TABLE, postgresSchemaVersion } from './baseline-schema';

/** Tables the app only appends to or only reads: never UPDATE, DELETE or TRUNCATE. */
const APPEND_ONLY = 'audit_log';

/**
 * What stands between `role` (the connected one by default) and a rewritten audit log, worst
 * first: a superuser passes every check; the owner, or a member of its role, can drop or
 * disable the trigger; a privilege to UPDATE, DELETE or TRUNCATE (its own, or inherited from a
 * role it belongs to) leaves the trigger as the only guard. null: privileges and trigger both.
 * Also for an open ledger's diagnostics: an office connecting the app as the owner should hear it.
 */
export function auditLogRewriteRisk(db: LedgerDb, role?: string): 'superuser' | 'owner' | 'privilege' | null {
  const r = db
    .prepare(
      `SELECT r.rolsuper AS superuser,
              pg_has_role(r.oid, t.tableowner, 'MEMBER') AS owner,
              has_table_privilege(r.oid, t.oid, 'UPDATE, DELETE, TRUNCATE') AS privilege
         FROM pg_roles r,
              (SELECT c.oid, pg_get_userbyid(c.relowner) AS tableowner FROM pg_class c WHERE c.relname = ? AND c.relnamespace = current_schema()::regnamespace) t
        WHERE r.rolname = coalesce(?, current_user)`,
    )
    .get(APPEND_ONLY, role ?? null) as { superuser: boolean; owner: boolean; privilege: boolean } | undefined;
  if (!r) throw new AppError('BAD_ARGS', `PostgreSQL 中没有角色“${role ?? ''}”或没有审计日志表`);
  return r.superuser ? 'superuser' : r.owner ? 'owner' : r.privilege ? 'privilege' : null;
}

export function grantLedgerToRole(db: LedgerDb, role: string): void {
  db.transaction(() => {
    if (postgresSchemaVersion(db) === null) throw new AppError('NO_LEDGER', '该 PostgreSQL 数据库中还没有台账，请先创建台账再授权');
    const exists = db.prepare('SELECT 1 FROM pg_roles WHERE rolname = ?').get(role);
    if (!exists) throw new AppError('BAD_ARGS', `PostgreSQL 中没有角色“${role}”，请先由管理员创建`);
    const before = auditLogRewriteRisk(db, role);
    if (before === 'superuser' || before === 'owner') {
      throw new AppError('BAD_ARGS', `角色“${role}”是超级用户或台账的所有者，不能作为程序的日常连接角色（它可以改写审计日志）`);
    }
    const schema = ledgerSchemaName(db);
    const q = (name: string) => db.prepare('SELECT quote_ident(?)').pluck().get(name) as string;
    const who = q(role);
    const tables = db.prepare('SELECT tablename FROM pg_tables WHERE schemaname = ? ORDER BY tablename').pluck().all(schema) as string[];
    const sql = [`GRANT USAGE ON SCHEMA ${q(schema)} TO ${who};`];
    for (const t of tables) {
      const table = `${q(schema)}.${q(t)}`;
      // Revoked first, so running it again also takes back anything granted by hand since.
      sql.push(`REVOKE ALL ON ${table} FROM ${who};`);
      if (t === APPEND_ONLY) sql.push(`GRANT SELECT, INSERT ON ${table} TO ${who};`);
      // the schema version moves only with migrations, which need the owner anyway
      else if (t === META_TABLE) sql.push(`GRANT SELECT ON ${table} TO ${who};`);
      else sql.push(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO ${who};`);
    }
    // nextval for the ids the write path hands out; SELECT to read how far a sequence went
    sql.push(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${q(schema)} TO ${who};`);
    db.exec(sql.join('\n'));
    // What a REVOKE on the role cannot take: a privilege it inherits from another role.
    if (auditLogRewriteRisk(db, role) !== null) {
      throw new AppError('BAD_ARGS', `角色“${role}”从其所属的其他角色继承了修改或删除审计日志的权限，不能作为程序的日常连接角色`);
    }
  })();
}
