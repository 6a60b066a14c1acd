/**
 * The command-line door (../shared/design/cli.md). stdout carries only the result (JSON with
 * --json); progress and messages go to stderr. Exit: 0 ok, 1 a problem found, 2 bad usage or
 * an unreadable ledger.
 */
import { createCore } from '../core/core';
import { AppError } from '../../shared/result';
import { parseCliArgs, UsageError } from './args';
import { COMMANDS, USAGE } from './commands';

/** Errors about the ledger file itself (exit 2); any other failure of a command is exit 1. */
const LEDGER_ERRORS = new Set([
  'LEDGER_NOT_FOUND', 'LEDGER_UNREADABLE', 'NOT_A_LEDGER', 'LEDGER_TOO_NEW', 'LEDGER_EXISTS', 'NETWORK_PATH',
  'PRAGMA_REFUSED', 'LEDGER_INCOMPLETE', 'BAD_ARGS', 'NOT_SUPPORTED', 'NOT_WRITABLE',
]);

async function main(argv: string[]): Promise<number> {
  let json = false;
  try {
    const args = parseCliArgs(argv);
    json = args.flags.json === true;
    const command = COMMANDS[args.command];
    if (!command || args.flags.help) {
      if (!command && args.command !== 'help') throw new UsageError(`未知命令：${args.command}`);
      process.stderr.write(`${USAGE}\n`);
      return args.command === 'help' ? 0 : 2;
    }
    const core = createCore({ dataDir: process.cwd(), rememberRecent: false, onWait: (m) => process.stderr.write(`${m}\n`) });
    try {
      const outcome = await command(core, args, (m) => process.stderr.write(`${m}\n`));
      if (json) process.stdout.write(`${JSON.stringify(outcome.json, null, 2)}\n`);
      else process.stdout.write(`${outcome.text}\n`);
      return outcome.exitCode;
    } finally {
      core.close();
    }
  } catch (err) {
    const usage = err instanceof UsageError;
    const code = usage ? 'USAGE' : err instanceof AppError ? err.code : 'INTERNAL';
    const message = err instanceof Error ? err.message : String(err);
    if (json) process.stdout.write(`${JSON.stringify({ error: { code, message } }, null, 2)}\n`);
    process.stderr.write(`错误：${message}\n${usage ? `\n${USAGE}\n` : ''}`);
    return usage || LEDGER_ERRORS.has(code) ? 2 : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
