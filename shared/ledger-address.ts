/**
 * Where a ledger is: a file path, or a PostgreSQL database's address (issue 17), accepted
 * wherever a ledger is asked for — the CLI's ledger argument, 打开台账 on the welcome screen.
 */
export function isPostgresAddress(text: string): boolean {
  return /^postgres(ql)?:\/\//i.test(text.trim());
}

/** A postgres:// address without its password, for messages and the recent-ledgers list. */
export function withoutPassword(url: string): string {
  try {
    const u = new URL(url.trim());
    u.password = '';
    return u.toString();
  } catch {
    return url.replace(/(\/\/[^:/@]*):[^@/]*@/, '$1@');
  }
}
