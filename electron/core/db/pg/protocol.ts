/**
 * What the core's thread and the PostgreSQL thread say to each other (db/pg/sync-client.ts,
 * db/pg/client-thread.ts). Every request gets exactly one reply, in order ('cancel' excepted).
 */
export type PgRequest =
  /**
   * rowMode 'column': the first column's values as one flat array (better-sqlite3's `.pluck()`):
   * a million one-value rows cross between the threads as a million arrays otherwise, which
   * costs ~30× more to copy (structured clone is per object).
   */
  | { kind: 'query'; sql: string; params: unknown[]; rowMode: 'object' | 'array' | 'column' }
  /** `COPY … FROM STDIN` fed `data` (COPY's text format): the reply's rowCount is the rows loaded */
  | { kind: 'copy'; sql: string; data: string }
  | { kind: 'close' }
  /**
   * Stop the statement now running (a wait for a lock: sync-client.ts queryAsync). Not a
   * request of its own: it gets no reply; the statement's reply says it was cancelled.
   */
  | { kind: 'cancel' };

export interface PgFieldInfo {
  name: string;
}

export type PgReply =
  | { ok: true; rows: unknown[]; rowCount: number | null; fields: PgFieldInfo[] }
  | { ok: false; error: PgErrorInfo };

/** A server error as pg reports it: SQLSTATE code, message, and what the server adds. */
export interface PgErrorInfo {
  message: string;
  /** SQLSTATE, e.g. 23505 unique_violation; 'CONNECTION' when the server could not be reached */
  code: string;
  detail?: string;
}

/**
 * The shared signal (an Int32Array over 8 bytes): [REPLIES] counts the replies the PostgreSQL
 * thread has posted (the core thread waits for the count to reach the request it needs, so
 * several requests may be outstanding: sync-client.ts copyFromDeferred); [GONE] is set by the
 * thread as it exits, so a waiting core thread does not wait for nothing.
 */
export const REPLIES = 0;
export const GONE = 1;
export const SIGNAL_BYTES = 8;
