/**
 * The core writes its SQL with SQLite's placeholders (`?`, `@name`, `:name`, `$name`);
 * PostgreSQL numbers them ($1, $2…). This rewrites the placeholders only — outside string
 * literals, quoted identifiers and comments — and tells how to order the values. Anything else
 * that differs between the two is written per dialect by the caller, on purpose: a translator
 * of whole SQL would hide the differences an auditor's figures depend on.
 */
export interface Placeholders {
  sql: string;
  /** positional: the n-th `?` takes the n-th value; named: the names in $n order */
  names: string[] | null;
}

const cache = new Map<string, Placeholders>();

export function numberedPlaceholders(sql: string): Placeholders {
  const hit = cache.get(sql);
  if (hit) return hit;
  let out = '';
  let positional = 0;
  const names: string[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      const end = closingQuote(sql, i, c);
      out += sql.slice(i, end);
      i = end;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end === -1 ? sql.length : end + 2;
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === '?') {
      out += `$${++positional}`;
      i++;
    } else if ((c === '@' || c === ':' || c === '$') && /[A-Za-z_]/.test(sql[i + 1] ?? '') && !(c === ':' && sql[i - 1] === ':')) {
      let j = i + 1;
      while (j < sql.length && /\w/.test(sql[j])) j++;
      const name = sql.slice(i + 1, j);
      let n = names.indexOf(name);
      if (n === -1) n = names.push(name) - 1;
      out += `$${n + 1}`;
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  if (positional > 0 && names.length > 0) throw new Error(`SQL mixes positional and named placeholders: ${sql}`);
  const result = { sql: out, names: names.length > 0 ? names : null };
  if (cache.size > 2000) cache.clear();
  cache.set(sql, result);
  return result;
}

/** The index just past a quoted run starting at `start` ('' and "" inside stay inside). */
function closingQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

/** The values in $n order, from better-sqlite3-style arguments (values, or one object of named values). */
export function orderedValues(p: Placeholders, args: unknown[]): unknown[] {
  // one object of named values for SQL that names none binds nothing, as better-sqlite3 does
  if (!p.names) return args.length === 1 && isNamedValues(args[0]) ? [] : args;
  const named = (args[0] ?? {}) as Record<string, unknown>;
  return p.names.map((name) => {
    if (!(name in named)) throw new Error(`missing named parameter: ${name}`);
    return named[name];
  });
}

/** A plain object of named values (not a value itself: a Date, a Buffer, an array) */
function isNamedValues(v: unknown): boolean {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}
