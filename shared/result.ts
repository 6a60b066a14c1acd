/** Errors are data: every handler answers with one of these shapes. */
export interface AppErrorShape {
  /** Stable English code for code and tests, e.g. 'VALIDATION', 'LEDGER_TOO_NEW'. */
  code: string;
  /** Chinese message for the user. */
  message: string;
  details?: unknown;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

/** Thrown inside the core; the doors turn it into `{ ok: false, error }`. */
export class AppError extends Error implements AppErrorShape {
  constructor(
    public readonly code: string,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function toErrorShape(err: unknown): AppErrorShape {
  if (err instanceof AppError) return { code: err.code, message: err.message, details: err.details };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message: `内部错误：${message}` };
}
