/**
 * The commands of ../shared/design/cli.md. Each calls contract handlers through the core and
 * returns the JSON document of cli.md, a Chinese summary for people, and the exit status.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ResultOf } from '../../shared/api';
import type { Core } from '../core/core';
import { olderFormatNotice } from '../../shared/domain/package';
import { repairItems } from '../../shared/domain/reused-ids';
import { formatFen } from '../../shared/money';
import { isPostgresAddress } from '../../shared/ledger-address';
import { AppError } from '../../shared/result';
import { intFlag, stringFlag, UsageError, type CliArgs } from './args';
import { ATTACHMENT_ROLES, type AttachmentRole } from '../../shared/domain/attachments';
import { readSourceFile } from '../core/attachments/store';
import { writeFileDurably } from '../core/durable-file';
import { entityLabel, type EntityName } from '../core/db/write-path';

export interface CommandOutcome {
  json: unknown;
  text: string;
  exitCode: 0 | 1 | 2;
}

type Command = (core: Core, args: CliArgs, progress: (message: string) => void) => Promise<CommandOutcome>;

/** The ledger: a file path (made absolute) or a PostgreSQL database's postgres:// address (kept). */
function ledgerArg(args: CliArgs): string {
  const file = args.positionals[0];
  if (!file) throw new UsageError('请给出台账文件路径或 PostgreSQL 地址（postgres://用户名@服务器/数据库）');
  return isPostgresAddress(file) ? file.trim() : path.resolve(file);
}

/** Whether the ledger is there to open: a file that exists, or a database that holds a ledger. */
async function openIfExists(core: Core, file: string): Promise<boolean> {
  if (!isPostgresAddress(file)) {
    if (!fs.existsSync(file)) return false;
    await core.call('ledger/open', { path: file });
    return true;
  }
  const r = await core.invoke('ledger/open', { path: file });
  if (r.ok) return true;
  if (r.error.code === 'NOT_A_LEDGER') return false;
  throw new AppError(r.error.code, r.error.message);
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
  if (!(await openIfExists(core, file))) await core.call('ledger/create', { path: file, officeName: '松江区合作交流办（演示）', districtName: '松江区', districtCode: '310117' });
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
  // months in order, as the text lists them: a server groups in whatever order its plan takes
  const byMonth = Object.entries(s.byMonth).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const lines = [`记录 ${s.records} 条，合计 ${formatFen(s.totalFen)} 元`];
  for (const [month, m] of byMonth) lines.push(`  ${month}：${m.records} 条，${formatFen(m.totalFen)} 元`);
  return { json: { ...s, byMonth: Object.fromEntries(byMonth) }, text: lines.join('\n'), exitCode: 0 };
};

function readPackageFile(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new UsageError(`无法读取报送包“${file}”：${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

const verify: Command = async (core, args) => {
  const file = ledgerArg(args);
  const previous = stringFlag(args.flags, 'previous');
  const against = args.lists.against ?? [];
  const repair = args.flags['repair-reused-ids'] === true;
  if (file.toLowerCase().endsWith('.zip')) {
    if (against.length) throw new UsageError('--against 用于核对台账：verify <台账> --against <报送包.zip>');
    if (repair) throw new UsageError('--repair-reused-ids 用于修复台账：verify <台账> --repair-reused-ids');
    const r = await core.call('package/verify', { content: readPackageFile(file), previous: previous === undefined ? undefined : readPackageFile(previous) });
    return packageVerdict(r, previous === undefined ? null : path.basename(previous));
  }
  if (previous !== undefined) throw new UsageError('--previous 用于核对报送包：verify <新报送包.zip> --previous <上一报送包.zip>');
  const packages = against.map((f) => ({ name: path.basename(f), content: readPackageFile(f) }));
  await core.call('ledger/open', { path: file });
  // the repair first (audited, one change), then the verdict on the ledger as it now is
  const repaired = repair ? (await core.call('ledger/repairReusedIds', {})).repaired : null;
  const r = await core.call('verify/ledger', { against: packages.length ? packages : undefined });
  const verdict = r.ok
    ? '验证通过：数据库完整，操作记录链完好，每条数据都与其操作记录一致' + (packages.length ? `；台账仍包含 ${packages.length} 个报送包所报送的操作记录和记录` : '')
    : ['验证未通过：', ...r.problems.map((p) => `  [${p.code}] ${p.message}`)].join('\n');
  const json = { ok: r.ok, problems: r.problems.map(({ code, message }) => ({ code, message })) };
  if (!repaired) return { json, text: verdict, exitCode: r.ok ? 0 : 1 };
  return { json: { repaired, ...json }, text: [...repairLines(repaired), verdict].join('\n'), exitCode: r.ok ? 0 : 1 };
};

function repairLines(repaired: ResultOf<'ledger/repairReusedIds'>['repaired']): string[] {
  if (repaired.length === 0) return ['没有需要修复的重复编号'];
  return repaired.map((p) => {
    const label = entityLabel(p.entity as EntityName);
    return `已修复${label}编号 ${p.entityId}（原${label}${p.deleted ? `：${p.deleted}` : ''}）：结束了 ${repairItems(p).join('、')}；附件文件本身保留，可用清理删除`;
  });
}

/**
 * What `verify package.zip` answers: the figures it recomputed from the package (never the
 * manifest's own claims), and that a package was forced, with the reason and the errors.
 */
function packageVerdict(r: ResultOf<'package/verify'>, previous: string | null): CommandOutcome {
  const forcedLine = r.forced ? `注意：这是强制报送的报送包，仍有 ${r.forced.unwaivedErrors} 个未豁免的错误（见报表的“检查结果”）；原因：${r.forced.reason}` : null;
  const f = r.figures;
  const lines = r.ok && f
    ? [
        `验证通过：报送包与清单一致，数字已按明细重新核算（${f.office} ${f.period} 第 ${f.version} 版，${f.records} 条，合计 ${formatFen(f.totalFen)} 元，${r.manifest!.files} 个文件，其中附件 ${f.documents} 个）${previous ? `；其操作记录接续上一报送包“${previous}”` : ''}`,
        ...Object.entries(f.byMonth).map(([month, m]) => `  ${month}：${m.records} 条，${formatFen(m.totalFen)} 元`),
      ]
    : ['验证未通过：', ...r.problems.map((p) => `  [${p.code}] ${p.message}`)];
  if (forcedLine) lines.push(forcedLine);
  if (r.olderFormat) lines.push(`注意：${olderFormatNotice(r.olderFormat.unchecked)}`);
  const json = {
    ok: r.ok,
    problems: r.problems.map(({ code, message }) => ({ code, message })),
    ...(r.forced ? { forced: r.forced } : {}),
    ...(r.olderFormat ? { olderFormat: r.olderFormat } : {}),
  };
  return { json, text: lines.join('\n'), exitCode: r.ok ? 0 : 1 };
}

const importFiles: Command = async (core, args, progress) => {
  await openExisting(core, args);
  const files = args.positionals.slice(1);
  if (files.length === 0) throw new UsageError('请给出要导入的文件：import <台账> <文件>…');
  const errorsDir = stringFlag(args.flags, 'errors');
  const sheets = args.lists.sheet;
  const year = intFlag(args.flags, 'year');
  if (year !== undefined && (year < 2000 || year > 2100)) throw new UsageError('--year 应为 2000 到 2100 之间的年份');
  const keepDuplicates = args.flags['keep-duplicates'] === true;
  if (errorsDir) fs.mkdirSync(errorsDir, { recursive: true });
  const results = [];
  for (const file of files) {
    progress(`正在导入 ${path.basename(file)}…`);
    const failed = (code: string, message: string) => ({
      file, status: 'failed' as const, records: 0, totalFen: 0, rejectedRows: 0, unreadRows: 0, duplicateRows: 0, sheets: [], duplicates: [], error: { code, message },
    });
    let content: Buffer;
    try {
      content = fs.readFileSync(file);
    } catch (err) {
      results.push(failed('FILE_UNREADABLE', `无法读取文件“${file}”：${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`));
      continue;
    }
    // One file's failure never hides the others: the command goes on and reports each.
    let r: Awaited<ReturnType<typeof core.call<'imports/file'>>>;
    try {
      r = await core.call('imports/file', { fileName: path.basename(file), content, ...(sheets ? { sheets } : {}), ...(year ? { year } : {}), ...(keepDuplicates ? { keepDuplicates } : {}) });
    } catch (err) {
      const e = err as AppError;
      results.push(failed(e.code ?? 'INTERNAL', e.message));
      continue;
    }
    const { errorWorkbook, ...rest } = r;
    let errorFile: string | undefined;
    if (errorWorkbook && errorsDir) {
      errorFile = path.join(errorsDir, `${path.basename(file).replace(/\.[^.]+$/, '')}-错误行.xlsx`);
      try {
        fs.writeFileSync(errorFile, errorWorkbook);
      } catch (err) {
        // The rows are committed already: say the error file could not be written, do not call the import failed.
        progress(`无法写入错误行文件“${errorFile}”：${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
        errorFile = undefined;
      }
    }
    results.push({ ...rest, file, ...(errorFile ? { errorFile } : {}) });
  }
  const lines = results.flatMap((r) => {
    const head =
      r.status === 'failed' ? `✗ ${r.file}：${r.error?.message}`
      : r.status === 'skipped' ? `- ${r.file}：${r.error?.message ?? '没有新的记录'}`
      : `✓ ${r.file}：导入 ${r.records} 条，合计 ${formatFen(r.totalFen)} 元${r.unreadRows ? `；${r.unreadRows} 条有无法识别的内容（已导入，原文保留）` : ''}${r.rejectedRows ? `；${r.rejectedRows} 行不是采购记录，未导入` : ''}${r.duplicateRows ? `；${r.duplicateRows} 行与台账已有记录重复，未导入` : ''}${'errorFile' in r && r.errorFile ? `（见 ${r.errorFile}）` : ''}`;
    const several = r.sheets.length > 1;
    // what was read beside the columns (a purchaser from the title line …), under its sheet
    const notes = (x: (typeof r.sheets)[number]) => (x.status === 'imported' ? (x.notices ?? []).map((n) => `${several ? '        ' : '    '}· ${n}`) : []);
    const perSheet = r.sheets.flatMap((x) => [
      ...(several ? [`    ${x.status === 'imported' ? '✓' : x.status === 'skipped' ? '-' : '✗'} 工作表“${x.sheet}”：${x.status === 'imported' ? `${x.records} 条，${formatFen(x.totalFen)} 元` : x.error?.message ?? ''}`] : []),
      ...notes(x),
    ]);
    return [head, ...perSheet];
  });
  const problem = results.some((r) => r.status === 'failed' || r.rejectedRows > 0 || r.duplicateRows > 0 || r.sheets.some((x) => x.status === 'failed'));
  return { json: { files: results }, text: lines.join('\n'), exitCode: problem ? 1 : 0 };
};

/** Written beside the target and renamed into place: a failed export never leaves half a file. */
function writeFileAtomic(file: string, content: Uint8Array): void {
  try {
    writeFileDurably(file, content);
  } catch (err) {
    throw new AppError('WRITE_FAILED', `无法写入“${file}”：${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

const exportLedger: Command = async (core, args, progress) => {
  await openExisting(core, args);
  const out = args.positionals[1];
  if (!out) throw new UsageError('请给出导出文件路径：export <台账> <文件.xlsx>');
  if (!out.toLowerCase().endsWith('.xlsx')) throw new UsageError('导出文件应以 .xlsx 结尾');
  const period = stringFlag(args.flags, 'period');
  if (period !== undefined && !/^\d{4}-\d{2}$/.test(period)) throw new UsageError('--period 应写作 YYYY-MM');
  progress('正在导出…');
  const r = await core.call('exports/ledger', { period, sort: [{ field: 'date', dir: 'asc' }] });
  const file = path.resolve(out);
  writeFileAtomic(file, r.content);
  return { json: { file, records: r.records }, text: `已导出 ${r.records} 条记录：${file}`, exitCode: 0 };
};

const check: Command = async (core, args, progress) => {
  await openExisting(core, args);
  const period = stringFlag(args.flags, 'period');
  if (period !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) throw new UsageError('--period 应写作 YYYY-MM');
  progress(period ? `正在检查 ${period}…` : '正在检查整个台账…');
  const r = await core.call('checks/run', period ? { period } : {});
  const counts: Record<string, number> = {};
  for (const i of r.issues) counts[i.code] = (counts[i.code] ?? 0) + 1;
  const issues = r.issues.map((i) => ({
    code: i.code,
    severity: i.severity,
    ...(i.recordId !== undefined ? { recordId: i.recordId } : {}),
    message: i.message,
    ...(i.waiver ? { waiver: { reason: i.waiver.reason, at: i.waiver.createdAt } } : {}),
  }));
  const lines = [
    r.openErrors > 0 ? `发现 ${r.openErrors} 个未豁免的错误，报送前需要修正或写明原因豁免：` : `没有未豁免的错误（${r.records} 条记录）。`,
    ...r.groups.map((g) => `  ${g.severity === 'error' ? '错误' : '提示'} ${g.code}：${g.count} 个${g.waived ? `（已豁免 ${g.waived}）` : ''}`),
  ];
  return { json: { issues, counts, openErrors: r.openErrors }, text: lines.join('\n'), exitCode: r.openErrors > 0 ? 1 : 0 };
};

const packageMonth: Command = async (core, args, progress) => {
  await openExisting(core, args);
  const period = stringFlag(args.flags, 'period');
  if (!period || !/^\d{4}-\d{2}$/.test(period)) throw new UsageError('请用 --period YYYY-MM 指定要报送的月份');
  const out = stringFlag(args.flags, 'out');
  if (!out || !out.toLowerCase().endsWith('.zip')) throw new UsageError('请用 --out 文件.zip 指定报送包的保存位置');
  const force = args.flags.force === true;
  const reason = stringFlag(args.flags, 'reason');
  if (force && !reason) throw new UsageError('--force 须同时用 --reason 写明强制报送的原因');
  progress(`正在检查并生成 ${period} 的报送包…`);
  try {
    // The core saves the file and locks the month only once it is there (never the other way round).
    const file = path.resolve(out);
    const r = await core.call('package/build', { period, forceReason: force ? reason : undefined, out: file });
    return {
      json: { file, sha256: r.sha256, records: r.records, totalFen: r.totalFen },
      text: `已生成报送包（第 ${r.version} 版）：${file}\n${r.records} 条，合计 ${formatFen(r.totalFen)} 元；SHA-256 ${r.sha256}\n${period} 已锁定，修改须先重新打开该月。`,
      exitCode: 0,
    };
  } catch (err) {
    if (err instanceof AppError && ['PACKAGE_BLOCKED', 'PERIOD_SUBMITTED', 'ATTACHMENT_BROKEN', 'WRITE_FAILED', 'DISK_FULL'].includes(err.code)) {
      return { json: { error: { code: err.code, message: err.message } }, text: err.message, exitCode: 1 };
    }
    throw err;
  }
};

const backup: Command = async (core, args) => {
  await openExisting(core, args);
  const out = args.positionals[1];
  if (!out) throw new UsageError('请给出备份文件路径：backup <台账> <备份文件>');
  const r = await core.call('ledger/backup', { target: path.resolve(out) });
  return { json: { file: r.file }, text: `已备份到：${r.file}（已通过完整性检查）`, exitCode: 0 };
};

const attach: Command = async (core, args) => {
  const file = ledgerArg(args);
  const record = intFlag(args.flags, 'record');
  const source = stringFlag(args.flags, 'file');
  if (!record) throw new UsageError('请用 --record ID 指定要关联的记录编号');
  if (!source) throw new UsageError('请用 --file 路径 指定要添加的文件');
  const role = stringFlag(args.flags, 'role') ?? '发票';
  if (!(ATTACHMENT_ROLES as readonly string[]).includes(role)) throw new UsageError(`--role 只能是：${ATTACHMENT_ROLES.join('、')}`);
  if (args.positionals.length > 1) throw new UsageError('用法：attach <台账> --record ID --file 路径 [--role 发票]');
  const content = readSourceFile(source);
  await core.call('ledger/open', { path: file });
  const { link } = await core.call('attachments/add', { target: { entity: 'record', id: record }, role: role as AttachmentRole, fileName: path.basename(source), content });
  return {
    json: { attachment: { id: link.attachmentId, sha256: link.sha256 } },
    text: `已将“${link.name}”作为${link.role}关联到记录 ${record}（附件 ${link.attachmentId}，SHA-256 ${link.sha256}）`,
    exitCode: 0,
  };
};

/** copy <台账> <目标>: a file onto a PostgreSQL server or back, the audit log and all, verified there. */
const copy: Command = async (core, args) => {
  await openExisting(core, args);
  const to = args.positionals[1];
  if (!to) throw new UsageError('请给出复制目标：copy <台账> <新台账文件 或 postgres://用户名@服务器/空数据库>');
  const r = await core.call('ledger/copyTo', { target: isPostgresAddress(to) ? to : path.resolve(to) });
  return { json: r, text: `已复制到：${r.target}（${r.records} 条记录，${r.auditEntries} 条操作记录，已通过校验）`, exitCode: 0 };
};

/** grant <postgres://管理员@服务器/数据库> --user 用户名: a staff member's database user may use the shared ledger. */
const grant: Command = async (core, args) => {
  const address = ledgerArg(args);
  if (!isPostgresAddress(address)) throw new UsageError('grant 只用于 PostgreSQL 上的共用台账：grant postgres://管理员@服务器/数据库 --user 用户名');
  const role = stringFlag(args.flags, 'user');
  if (!role) throw new UsageError('请用 --user 用户名 指定要授权的工作人员数据库用户');
  await core.call('ledger/open', { path: address });
  const r = await core.call('ledger/grantStaff', { role });
  return { json: r, text: `已授权：数据库用户“${r.role}”可以读写该台账（不能改写或删除操作记录）`, exitCode: 0 };
};

export const COMMANDS: Record<string, Command> = { init, demo, import: importFiles, list, stats, export: exportLedger, attach, check, package: packageMonth, verify, backup, copy, grant };

export const USAGE = `用法：npm run --silent cli -- <命令> <台账> [选项] [--json]

命令：
  init <台账> [--office 名称] [--district 区名] [--district-code 310117]   新建台账
  demo <台账> --rows N [--seed S]                                          生成演示数据
  import <台账> <文件>… [--errors 目录] [--sheet 工作表]… [--year 年份] [--keep-duplicates]
                                                                         导入 xlsx/xls/csv（UTF-8 或 GBK），每个数据工作表一批；错误行写入目录
  list <台账> [--limit N] [--period YYYY-MM]                               列出记录
  stats <台账>                                                             统计合计与分月数
  export <台账> <文件.xlsx> [--period YYYY-MM]                             导出为可再导入的 Excel
  check <台账> [--period YYYY-MM]                                           运行全部检查（有未豁免的错误时退出码为 1）
  package <台账> --period YYYY-MM --out 包.zip [--force --reason 原因]      检查后生成报送包并锁定该月
  verify <台账 | 报送包.zip> [--against 包.zip]… [--previous 包.zip]      验证台账（及其仍含各报送包的内容），或核对报送包与清单（及其接续上一报送包）
  verify <台账> --repair-reused-ids                                       先修复旧版重复使用的编号（结束原记录遗留的附件关联和检查豁免，记入操作记录），再验证
  backup <台账> <备份文件>                                                 备份（在线备份并校验）
  attach <台账> --record ID --file 路径 [--role 发票]                        添加附件并关联到记录
  copy <台账> <新台账文件 | postgres://…/空数据库>                          把整个台账（含操作记录）复制到文件或 PostgreSQL，并校验
  grant <postgres://管理员@服务器/数据库> --user 用户名                      允许工作人员的数据库用户读写共用台账

<台账> 可以是台账文件，也可以是 PostgreSQL 上共用台账的地址：postgres://用户名@服务器:5432/数据库
（密码写在地址里，或放在本人的 ~/.pgpass 中，权限 0600）。

退出码：0 成功；1 命令执行了但发现问题；2 用法错误或无法读取台账。`;
