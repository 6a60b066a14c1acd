/**
 * 记住密码 for a shared ledger: the password goes into the staff member's own pgpass file
 * (~/.pgpass; %APPDATA%\postgresql\pgpass.conf on Windows; $PGPASSFILE when set) — the file
 * node-postgres, psql and the CLI already read — never into the app's own files, which keep
 * the address without it. The file is written mode 0600 (node-postgres ignores a pgpass that
 * others can read) and replaced whole (temporary name, then rename); an entry for the same
 * server, port, database and user is replaced, every other line kept as it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/result';

export function pgpassFile(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PGPASSFILE) return env.PGPASSFILE;
  return process.platform === 'win32' ? path.join(env.APPDATA ?? '.', 'postgresql', 'pgpass.conf') : path.join(env.HOME ?? '.', '.pgpass');
}

/** pgpass escapes `\` and `:` within a field. */
function field(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/:/g, '\\:');
}

/** The first four fields of a pgpass line (host, port, database, user), unescaped; null for a comment or a short line. */
function entryKey(line: string): string | null {
  if (line.startsWith('#')) return null;
  const fields: string[] = [];
  let current = '';
  for (let i = 0; i < line.length && fields.length < 4; i++) {
    if (line[i] === '\\' && i + 1 < line.length) current += line[++i];
    else if (line[i] === ':') {
      fields.push(current);
      current = '';
    } else current += line[i];
  }
  return fields.length === 4 ? fields.join('\n') : null;
}

/** Whether the address carries a password to remember. */
export function hasPassword(address: string): boolean {
  return URL.canParse(address) && new URL(address).password !== '';
}

/** Puts the address's password into the pgpass file (for its server, port, database and user). */
export function rememberPassword(address: string, env: NodeJS.ProcessEnv = process.env): string {
  const u = new URL(address);
  const host = u.hostname.replace(/^\[|\]$/g, '') || 'localhost';
  const port = u.port || '5432';
  const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || decodeURIComponent(u.username);
  const user = decodeURIComponent(u.username);
  const password = decodeURIComponent(u.password);
  const file = pgpassFile(env);
  const key = [host, port, database, user].join('\n');
  let lines: string[] = [];
  try {
    lines = fs.readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l !== '');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw cannotWrite(file, err);
  }
  const entry = [host, port, database, user, password].map(field).join(':');
  const kept = lines.filter((l) => entryKey(l) !== key);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temp, `${[...kept, entry].join('\n')}\n`, { mode: 0o600 });
    fs.chmodSync(temp, 0o600);
    fs.renameSync(temp, file);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw cannotWrite(file, err);
  }
  return file;
}

function cannotWrite(file: string, err: unknown): AppError {
  return new AppError('NOT_WRITABLE', `无法把密码保存到“${file}”：${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
}
