/** Command-line parsing: `<command> <ledger> [positionals…] [--flag value] [--switch]`. */
export interface CliArgs {
  command: string;
  positionals: string[];
  flags: Record<string, string | true>;
  /** every value of a flag given more than once (`--against a.zip --against b.zip`), in order */
  lists: Record<string, string[]>;
}

/** Flags that take no value. */
const SWITCHES = new Set(['json', 'force', 'help', 'keep-duplicates', 'repair-reused-ids']);

export class UsageError extends Error {}

export function parseCliArgs(argv: string[]): CliArgs {
  const positionals: string[] = [];
  const flags: Record<string, string | true> = {};
  const lists: Record<string, string[]> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
      if (SWITCHES.has(name)) flags[name] = true;
      else if (inline !== undefined) flags[name] = inline;
      else if (i + 1 < argv.length) flags[name] = argv[++i];
      else throw new UsageError(`选项 --${name} 需要一个值`);
      if (flags[name] !== true) (lists[name] ??= []).push(flags[name] as string);
    } else positionals.push(a);
  }
  const [command = 'help', ...rest] = positionals;
  return { command, positionals: rest, flags, lists };
}

export function intFlag(flags: CliArgs['flags'], name: string, fallback?: number): number | undefined {
  const v = flags[name];
  if (v === undefined) return fallback;
  if (v === true || !/^\d+$/.test(v)) throw new UsageError(`--${name} 应为正整数`);
  return Number(v);
}

export function stringFlag(flags: CliArgs['flags'], name: string): string | undefined {
  const v = flags[name];
  if (v === true) throw new UsageError(`选项 --${name} 需要一个值`);
  return v;
}
