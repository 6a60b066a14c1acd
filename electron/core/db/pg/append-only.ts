/**
 * The audit log is append-only on PostgreSQL as on a ledger file (migration 001's RAISE
 * triggers), enforced twice:
 * - the app's role is never granted UPDATE, DELETE or TRUNCATE on it (app-role.ts), and, not
 *   owning the table, cannot drop or disable this trigger: nothing the app (or a staff member
 *   with its credentials in psql) does can rewrite history;
 * - this trigger stops the owner too, so a slip in a maintenance session fails loudly instead of
 *   breaking the chain (only a deliberate DROP/DISABLE TRIGGER by the owner gets past it, and
 *   verify names the edit then, as it does for sqlite3).
 * Statement-level, so even an UPDATE or DELETE that matches no row is refused, and TRUNCATE
 * (which row triggers never see) as well. The message is SQLite's, the SQLSTATE 23001
 * (restrict_violation) so callers can tell it from a missing privilege (42501).
 */

export const APPEND_ONLY_MESSAGE = 'audit log is append-only';
export const APPEND_ONLY_SQLSTATE = '23001';

export const AUDIT_APPEND_ONLY_SQL = `
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '${APPEND_ONLY_MESSAGE}' USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
`;
