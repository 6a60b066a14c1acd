/**
 * The commands of ../shared/design/cli.md. Each calls contract handlers through the core and
 * returns the JSON document of cli.md, a Chinese summary for people, and the exit status.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '../core/core';
import { formatFen } from '../../shared/money';
import { AppError } from '../../shared/result';
import { intFlag, stringFlag, UsageError, type CliArgs } from './args';

export interface CommandOutcome {
  json: unknown;
  text: string;
  exitCode: 0 | 1 | 2;
}

type Command = (core: Core, args: CliArgs, progress: (message: string) => void) => Promise<CommandOutcome>;

function ledgerArg(args: CliArgs): string {
  const file = args.positionals[0];
  if (!file) throw new UsageError('请给出台账文件路径');
  return path.resolve(file);
}

async function openExisting(core: Core, args: CliArgs): Promise<string> {
  const file = ledgerArg(args);
  await core.call('ledger/open', { path: file });
  return file;
}

const init: Command = async (core, args) => {
  const file = ledgerArg(args);
  const status = await core.call('ledger/create', {
    path: file,
    officeName: stringFlag(args.flags, 'office') ?? '区合作交流办',
    districtName: stringFlag(args.flags, 'district') ?? '',
    districtCode: stringFlag(args.flags, 'district-code') ?? '',
  });
  return { json: { ledger: status.path }, text: `已新建台账：${status.path}`, exitCode: 0 };
};

const demo: Command = async (core, args, progress) => {
  const file = ledgerArg(args);
  const rows = intFlag(args.flags, 'rows');
  if (!rows) throw new UsageError('请用 --rows N 指定要生成的记录数');
  const seed = intFlag(args.flags, 'seed');
  if (fs.existsSync(file)) await core.call('ledger/open', { path: file });
  else await core.call('ledger/create', { path: file, officeName: '松江区合作交流办（演示）', districtName: '松江区', districtCode: '310117' });
  progress(`正在生成 ${rows} 条演示记录…`);
  const started = Date.now();
  const result = await core.call('demo/generate', { rows, seed });
  return {
    json: { records: result.records },
    text: `已生成 ${result.records} 条演示记录（用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒）：${file}`,
    exitCode: 0,
  };
};

const list: Command = async (core, args) => {
  await openExisting(core, args);
  const limit = intFlag(args.flags, 'limit', 100)!;
  const period = stringFlag(args.flags, 'period');
  if (period !== undefined && !/^\d{4}-\d{2}$/.test(period)) throw new UsageError('--period 应写作 YYYY-MM');
  const { rows } = await core.call('records/list', { startRow: 0, endRow: Math.min(limit, 5000), sort: [{ field: 'date', dir: 'asc' }], filters: {}, period });
  const records = rows.map(({ id, date, purchaserName, productName, amountFen, ...rest }) => ({
    id,
    date,
    purchaser: purchaserName,
    product: productName,
    amountFen,
    ...rest,
  }));
  const text = records.map((r) => `${r.id}\t${r.date ?? ''}\t${r.purchaser ?? ''}\t${r.product ?? ''}\t${formatFen(r.amountFen)}`).join('\n');
  return { json: { records }, text: text || '（没有记录）', exitCode: 0 };
};

const stats: Command = async (core, args) => {
  await openExisting(core, args);
  const s = await core.call('stats/summary', {});
  const lines = [`记录 ${s.records} 条，合计 ${formatFen(s.totalFen)} 元`];
  for (const [month, m] of Object.entries(s.byMonth).sort()) lines.push(`  ${month}：${m.records} 条，${formatFen(m.totalFen)} 元`);
  return { json: s, text: lines.join('\n'), exitCode: 0 };
};

const verify: Command = async (core, args) => {
  const file = ledgerArg(args);
  if (file.toLowerCase().endsWith('.zip')) {
    throw new AppError('NOT_SUPPORTED', '本版本尚不能验证报送包（.zip）；请给出台账文件');
  }
  await core.call('ledger/open', { path: file });
  const r = await core.call('verify/ledger', {});
  const text = r.ok ? '验证通过：数据库完整，操作记录链完好，每条数据都与其操作记录一致' : ['验证未通过：', ...r.problems.map((p) => `  [${p.code}] ${p.message}`)].join('\n');
  return { json: { ok: r.ok, problems: r.problems.map(({ code, message }) => ({ code, message })) }, text, exitCode: r.ok ? 0 : 1 };
};

const importFiles: Command = async (core, args, progress) => {
  await openExisting(core, args);
  const files = args.positionals.slice(1);
  if (files.length === 0) throw new UsageError('请给出要导入的文件：import <台账> <文件>…');
  const errorsDir = stringFlag(args.flags, 'errors');
  if (errorsDir) fs.mkdirSync(errorsDir, { recursive: true });
  const results = [];
  for (const file of files) {
    progress(`正在导入 ${path.basename(file)}…`);
    let content: Buffer;
    try {
      content = fs.readFileSync(file);
    } catch (err) {
      results.push({ file, status: 'failed' as const, records: 0, totalFen: 0, rejectedRows: 0, error: { code: 'FILE_UNREADABLE', message: `无法读取文件“${file}”：${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` } });
      continue;
    }
    const { errorWorkbook, ...r } = await core.call('imports/file', { fileName: path.basename(file), content });
    let errorFile: string | undefined;
    if (errorWorkbook && errorsDir) {
      errorFile = path.join(errorsDir, `${path.basename(file).replace(/\.[^.]+$/, '')}-错误行.xlsx`);
      fs.writeFileSync(errorFile, errorWorkbook);
    }
    results.push({ ...r, file, ...(errorFile ? { errorFile } : {}) });
  }
  const lines = results.map((r) => {
    if (r.status === 'failed') return `✗ ${r.file}：${r.error?.message}`;
    if (r.status === 'skipped') return `- ${r.file}：${r.error?.message}`;
    return `✓ ${r.file}：导入 ${r.records} 条，合计 ${formatFen(r.totalFen)} 元${r.rejectedRows ? `；${r.rejectedRows} 行有错未导入${'errorFile' in r ? `（见 ${r.errorFile}）` : ''}` : ''}`;
  });
  const problem = results.some((r) => r.status === 'failed' || r.rejectedRows > 0);
  return { json: { files: results }, text: lines.join('\n'), exitCode: problem ? 1 : 0 };
};

const backup: Command = async (core, args) => {
  await openExisting(core, args);
  const out = args.positionals[1];
  if (!out) throw new UsageError('请给出备份文件路径：backup <台账> <备份文件>');
  const r = await core.call('ledger/backup', { target: path.resolve(out) });
  return { json: { file: r.file }, text: `已备份到：${r.file}（已通过完整性检查）`, exitCode: 0 };
};

const check: Command = async (core, args, progress) => {
  await openExisting(core, args);
  const period = stringFlag(args.flags, 'period');
  if (period !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) throw new UsageError('--period 应写作 YYYY-MM');
  // In steps, so a long run over a big ledger shows how far it is.
  const started = await core.call('checks/start', { period });
  let step = await core.call('checks/continue', { runId: started.runId, budgetMs: 1000 });
  while (!step.done) {
    progress(`检查中：${step.progress.stage}（${Math.round(step.progress.fraction * 100)}%）`);
    step = await core.call('checks/continue', { runId: started.runId, budgetMs: 1000 });
  }
  const issues = [];
  for (let offset = 0; ; offset += 5000) {
    const page = await core.call('checks/issues', { offset, limit: 5000 });
    issues.push(...page.issues);
    if (offset + 5000 >= page.total) break;
  }
  const summary = step.summary!;
  const counts = Object.fromEntries(summary.groups.map((g) => [g.code, g.count]));
  const json = {
    issues: issues.map((i) => ({
      code: i.code,
      severity: i.severity,
      ...(i.recordId !== undefined ? { recordId: i.recordId } : {}),
      message: i.message,
      ...(i.waiver ? { waiver: { reason: i.waiver.reason, at: i.waiver.createdAt } } : {}),
    })),
    counts,
    openErrors: summary.openErrors,
  };
  const lines = [`检查了 ${summary.records} 条记录${period ? `（${period}）` : ''}：`];
  if (summary.groups.length === 0) lines.push('  未发现问题');
  for (const g of summary.groups) lines.push(`  [${g.code}] ${g.severity === 'error' ? '错误' : '警告'} ${g.count} 项${g.waived ? `（已豁免 ${g.waived}）` : ''}`);
  if (summary.skipped.length) lines.push(`  未运行（本台账尚无相应数据表）：${summary.skipped.join('、')}`);
  lines.push(summary.openErrors ? `仍有 ${summary.openErrors} 项错误未处理或豁免` : '没有未处理的错误');
  return { json, text: lines.join('\n'), exitCode: summary.openErrors > 0 ? 1 : 0 };
};

export const COMMANDS: Record<string, Command> = { init, demo, import: importFiles, list, stats, verify, backup, check };

export const USAGE = `用法：npm run --silent cli -- <命令> <台账文件> [选项] [--json]

命令：
  init <台账> [--office 名称] [--district 区名] [--district-code 310117]   新建台账
  demo <台账> --rows N [--seed S]                                          生成演示数据
  import <台账> <文件>… [--errors 目录]                                    导入 xlsx/xls/csv（UTF-8 或 GBK），错误行写入目录
  list <台账> [--limit N] [--period YYYY-MM]                               列出记录
  stats <台账>                                                             统计合计与分月数
  verify <台账>                                                            验证完整性与操作记录链
  backup <台账> <备份文件>                                                 备份（在线备份并校验）
  check <台账> [--period YYYY-MM]                                          运行全部检查；仍有未豁免的错误时退出码为 1

退出码：0 成功；1 命令执行了但发现问题；2 用法错误或无法读取台账。`;
