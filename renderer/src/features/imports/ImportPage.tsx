/**
 * 导入: choose or drop unit files (xlsx, xls, csv), see each parsed before anything is written
 * (mapping, every row with its problems, repeats of ledger records), correct or skip rows,
 * then commit each file as one batch. Batches can be rolled back.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImportBatchInfo, ImportPreview } from '../../../../shared/domain/import';
import type { PreviewChecks } from '../../../../shared/domain/preview-checks';
import type { RecordField, RecordValues } from '../../../../shared/domain/record';
import { formatFen } from '../../../../shared/money';
import { FIELD_BY_KEY, parseFieldValue, RECORD_FIELDS } from '../../../../shared/record-fields';
import { AppError } from '../../../../shared/result';
import { invoke } from '../../api/client';
import type { Reference } from '../../state/reference';
import { download } from '../../ui/download';
import { formatTime } from '../../ui/format';
import { useFileDrop } from '../../ui/useFileDrop';
import { JobBar, useJob } from '../../ui/useJob';
import { CHECKS } from '../../../../shared/checks/codes';
import { describeFinding, findingsByRow, PreviewCell, PreviewCheckLine } from './PreviewFindings';
import { SheetList } from './SheetList';

const MAX_BYTES = 100 * 1024 * 1024;
/** Revisions of every file's corrections, never reused (a re-parsed file must not meet an old answer). */
let revisions = 0;
const nextRevision = () => ++revisions;
const SHOW_ROWS = 300;

/** The clerk's choices for one sheet: rows left out, corrections. */
interface SheetChoices {
  skip: Set<number>;
  edits: Record<number, Partial<RecordValues>>;
  editErrors: Record<string, string>;
}

interface FileState extends SheetChoices {
  name: string;
  status: 'parsing' | 'ready' | 'failed' | 'committing' | 'done';
  preview?: ImportPreview;
  error?: string;
  result?: string;
  /** data sheets the clerk unticked */
  excluded: Set<string>;
  /** choices made on the sheets not shown now (skip, edits above are the shown sheet's) */
  saved: Record<string, SheetChoices>;
  /** the year the clerk gave for dates without one */
  year?: number;
  onlyErrors: boolean;
  /** what 检查 finds in the rows as corrected (from the preview, then imports/check after each change) */
  checks?: PreviewChecks;
  /** bumped by every correction or row left out; `checked` is the revision `checks` belongs to */
  revision: number;
  checked: number;
}

/** A sheet's choices before the clerk touched it: repeats of ledger records left out. */
function defaultChoices(p: ImportPreview, sheet: string): SheetChoices {
  const rows = sheet === p.sheet ? p.duplicates.map((d) => d.sourceRow) : (p.sheetInfos.find((i) => i.sheet === sheet)?.duplicateRows ?? []);
  return { skip: new Set(rows), edits: {}, editErrors: {} };
}

/** The data sheets that will be committed: ticked, and not imported before. */
function sheetsToCommit(f: FileState): string[] {
  const p = f.preview;
  if (!p) return [];
  return p.sheetInfos.filter((i) => i.status === 'data' && !f.excluded.has(i.sheet) && !i.importedBatchId).map((i) => i.sheet);
}

export function ImportPage({ reference, onImported }: { reference: Reference | null; onImported(): void }) {
  const [files, setFiles] = useState<FileState[]>([]);
  const [batches, setBatches] = useState<ImportBatchInfo[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const { job, run, cancel } = useJob();
  const drop = useFileDrop((dropped) => void add(dropped));

  const loadBatches = useCallback(() => void invoke('imports/batches', {}).then((r) => setBatches(r.batches), () => undefined), []);
  useEffect(loadBatches, [loadBatches]);

  const update = (name: string, patch: Partial<FileState> | ((f: FileState) => Partial<FileState>)) =>
    setFiles((all) => all.map((f) => (f.name === name ? { ...f, ...(typeof patch === 'function' ? patch(f) : patch) } : f)));

  /** A new parse: its own checks; the stage's own duplicates left out start out checked against that choice. */
  const fresh = (preview: ImportPreview) => ({ checks: preview.checks, revision: nextRevision(), checked: 0 });

  // Every correction or row left out re-runs the checks on the rows as they now stand (the
  // summary and the cells follow); a result for an older revision is dropped.
  const asked = useRef(new Map<string, number>());
  useEffect(() => {
    for (const f of files) {
      if (!f.preview || f.status !== 'ready' || f.checked === f.revision || asked.current.get(f.name) === f.revision) continue;
      asked.current.set(f.name, f.revision);
      const revision = f.revision;
      const edits = Object.fromEntries(Object.entries(f.edits).map(([k, v]) => [k, v as Record<string, string | number | null>]));
      void invoke('imports/check', { stageId: f.preview.stageId, edits, skipRows: [...f.skip] }).then(
        (checks) => update(f.name, (cur) => (cur.revision === revision ? { checks, checked: revision } : {})),
        (e: AppError) => update(f.name, { error: e.message }),
      );
    }
  }, [files]);

  async function add(list: FileList | File[]) {
    for (const file of Array.from(list)) {
      const base: FileState = { name: file.name, status: 'parsing', skip: new Set(), edits: {}, editErrors: {}, onlyErrors: false, revision: 0, checked: 0, excluded: new Set(), saved: {} };
      setFiles((all) => [...all.filter((f) => f.name !== file.name), base]);
      if (file.size > MAX_BYTES) {
        update(file.name, { status: 'failed', error: `文件有 ${(file.size / 1024 / 1024).toFixed(0)} MB，超过 100 MB 的上限；请按月或按单位拆分后导入` });
        continue;
      }
      try {
        const content = new Uint8Array(await file.arrayBuffer());
        const preview = await run(`正在解析“${file.name}”`, (jobId) => invoke('imports/preview', { fileName: file.name, content, jobId }));
        update(file.name, { status: 'ready', preview, ...fresh(preview), skip: new Set(preview.duplicates.map((d) => d.sourceRow)) });
      } catch (e) {
        update(file.name, { status: 'failed', error: (e as AppError).message });
      }
    }
  }

  async function remap(f: FileState, column: number, field: RecordField | null) {
    if (!f.preview) return;
    const mapping = f.preview.mapping.map((m) => ({
      column: m.column,
      field: m.column === column ? field : m.field === field && field !== null ? null : m.field,
      unit: m.unit,
    }));
    update(f.name, { status: 'parsing' });
    try {
      const preview = await run(`正在按新的列对应重新解析“${f.name}”`, (jobId) =>
        invoke('imports/preview', { fileName: f.name, stageId: f.preview!.stageId, sheetName: f.preview!.sheet, mapping, year: f.year, jobId }),
      );
      update(f.name, { status: 'ready', preview, ...fresh(preview), edits: {}, editErrors: {} });
    } catch (e) {
      update(f.name, { status: 'ready', error: (e as AppError).message });
    }
  }

  /** Another sheet, the header on another row, or the year for dates without one: parse the staged file again with that choice. */
  async function reparse(f: FileState, choice: { sheetName?: string; headerRow?: number; year?: number }) {
    if (!f.preview) return;
    const from = f.preview.sheet;
    const year = choice.year ?? f.year;
    update(f.name, { status: 'parsing', year });
    try {
      const preview = await run(`正在重新解析“${f.name}”`, (jobId) =>
        invoke('imports/preview', { fileName: f.name, stageId: f.preview!.stageId, sheetName: choice.sheetName ?? from, headerRow: choice.headerRow, year, jobId }),
      );
      update(f.name, (cur) => {
        // Showing another sheet keeps what the clerk chose on this one; a new header row or year starts the sheet afresh.
        const switching = preview.sheet !== from;
        const saved = switching ? { ...cur.saved, [from]: { skip: cur.skip, edits: cur.edits, editErrors: cur.editErrors } } : cur.saved;
        const next = (switching && saved[preview.sheet]) || defaultChoices(preview, preview.sheet);
        return { status: 'ready', preview, ...fresh(preview), saved, error: undefined, ...next };
      });
    } catch (e) {
      update(f.name, { status: 'ready', error: (e as AppError).message });
    }
  }

  /** Each ticked sheet is its own batch (one transaction each); the message says exactly what was committed. */
  async function commit(f: FileState) {
    const p = f.preview;
    if (!p) return;
    update(f.name, { status: 'committing' });
    const done: string[] = [];
    const multi = p.sheetInfos.filter((i) => i.status === 'data').length > 1;
    for (const sheet of sheetsToCommit(f)) {
      const choices = sheet === p.sheet ? f : (f.saved[sheet] ?? defaultChoices(p, sheet));
      const edits = Object.fromEntries(Object.entries(choices.edits).map(([k, v]) => [k, v as Record<string, string | number | null>]));
      try {
        // One transaction: it cannot be stopped half-way, so no cancel button here.
        const r = await run(`正在写入“${f.name}”${multi ? `的工作表“${sheet}”` : ''}`, (jobId) => invoke('imports/commit', { stageId: p.stageId, sheet, skipRows: [...choices.skip], edits, jobId }), {
          cancellable: false,
        });
        done.push(`${multi ? `工作表“${sheet}”` : ''}已导入 ${r.records} 条，合计 ${formatFen(r.totalFen)} 元（批次 ${r.batchId}）${r.unreadRows ? `；其中 ${r.unreadRows} 条有无法识别的值，已留空并保留单位原文，请在“检查”中核对` : ''}${r.rejectedRows.length ? `；${r.rejectedRows.length} 行不是采购记录，未导入` : ''}`);
      } catch (e) {
        // What is committed stays committed; say so, and what failed.
        update(f.name, { status: done.length ? 'done' : 'ready', result: done.join('；') || undefined, error: `${multi ? `工作表“${sheet}”` : ''}未能导入：${(e as AppError).message}` });
        if (done.length) {
          onImported();
          loadBatches();
        }
        return;
      }
    }
    update(f.name, { status: 'done', result: done.join('；') || '没有要导入的工作表' });
    onImported();
    loadBatches();
  }

  function correct(f: FileState, sourceRow: number, field: RecordField, text: string) {
    const r = parseFieldValue(FIELD_BY_KEY[field], text, { resolveCounty: reference?.resolveCounty ?? (() => ({ error: '地区数据尚未加载' })) });
    const key = `${sourceRow}:${field}`;
    update(f.name, (cur) => {
      const editErrors = { ...cur.editErrors };
      const edits = { ...cur.edits, [sourceRow]: { ...(cur.edits[sourceRow] ?? {}) } };
      if (r.ok) {
        delete editErrors[key];
        (edits[sourceRow] as Record<string, unknown>)[field] = r.value;
      } else {
        editErrors[key] = r.message;
        delete (edits[sourceRow] as Record<string, unknown>)[field];
      }
      return { edits, editErrors, revision: nextRevision() };
    });
  }

  return (
    <div className={`page import ${drop.dragging ? 'dragging' : ''}`} {...drop.handlers}>
      <JobBar job={job} onCancel={cancel} />
      <div className="page-title">
        <h2>导入单位报送的表格</h2>
        <button
          onClick={() =>
            void invoke('exports/template', {}).then(
              (t) => download(t.fileName, t.content),
              (e: AppError) => setMessage(e.message),
            )
          }
        >
          下载填报模板
        </button>
      </div>
      <div className="drop-zone">
        <p>把 Excel（.xlsx / .xls）或 CSV（UTF-8 或 GBK）文件拖到这里，或</p>
        <label className="button primary">
          选择文件…
          <input type="file" multiple accept=".xlsx,.xls,.csv,.xlsm,.et" hidden onChange={(e) => e.target.files && void add(e.target.files)} />
        </label>
        <p className="muted">程序会自动找到表头、识别各列（标题行、合并表头、合计行、万元都能处理），导入前可逐行核对和修改。</p>
      </div>
      {message && <p className="error-text">{message}</p>}

      {files.map((f) => {
        const p = f.preview;
        const findings = findingsByRow(f.checks);
        // rows the app could not read, and rows 检查 finds an error in
        const errorRows = p ? p.rows.filter((r) => r.rejected || r.errors.length > 0 || findings.get(r.sourceRow)?.some((x) => x.severity === 'error')) : [];
        // Every purchase row lands (a value that cannot be read is left empty, the unit's text kept); only non-purchase lines stay out.
        const importable = p
          ? sheetsToCommit(f).reduce((n, sheet) => {
              if (sheet === p.sheet) return n + p.rows.filter((r) => !f.skip.has(r.sourceRow) && !r.rejected).length;
              const info = p.sheetInfos.find((i) => i.sheet === sheet)!;
              return n + info.rows - (f.saved[sheet] ?? defaultChoices(p, sheet)).skip.size;
            }, 0)
          : 0;
        const dataSheets = p ? p.sheetInfos.filter((i) => i.status === 'data') : [];
        const rows = p ? (f.onlyErrors ? errorRows : p.rows).slice(0, SHOW_ROWS) : [];
        const dup = new Map(p?.duplicates.map((d) => [d.sourceRow, d]) ?? []);
        const mapped = p ? p.mapping.filter((m) => m.field) : [];
        return (
          <section className="card import-file" key={f.name}>
            <header>
              <h3>{f.name}</h3>
              <span className={`badge ${f.status}`}>
                {{ parsing: '正在解析…', ready: '待确认', failed: '无法导入', committing: '正在写入…', done: '已导入' }[f.status]}
              </span>
              <button className="link" onClick={() => setFiles(files.filter((x) => x !== f))}>移除</button>
            </header>
            {f.error && <p className="error-text" role="alert">{f.error}</p>}
            {f.result && <p className="ok-text">{f.result}</p>}
            {p && f.status !== 'done' && (
              <>
                <p className="sheet-choice">
                  {p.sheets.length > 1 ? (
                    <label>
                      工作表
                      <select value={p.sheet} onChange={(e) => void reparse(f, { sheetName: e.target.value })} aria-label="选择工作表">
                        {p.sheets.map((name) => (
                          <option key={name} value={name}>{name}</option>
                        ))}
                      </select>
                    </label>
                  ) : (
                    <>工作表“{p.sheet}”</>
                  )}
                  ，表头在第
                  <input
                    type="number"
                    min={1}
                    max={1000}
                    defaultValue={p.headerRows[p.headerRows.length - 1]}
                    key={`${p.sheet}-${p.headerRows.join()}`}
                    aria-label="表头所在行"
                    className="header-row"
                    onBlur={(e) => {
                      const row = Number(e.target.value);
                      if (Number.isInteger(row) && row >= 1 && row !== p.headerRows[p.headerRows.length - 1]) void reparse(f, { headerRow: row });
                    }}
                  />
                  行{p.headerRows.length > 1 ? `（两行表头：第 ${p.headerRows.join('、')} 行）` : ''}；读到 {p.totals.rows} 行，其中 {p.totals.validRows} 行可导入
                  {p.totals.errorRows > 0 && <span className="error-text">，{p.totals.errorRows} 行有无法读取的值（照样导入：留空，原文保留）</span>}
                  {p.totals.rejectedRows > 0 && <span className="error-text">；{p.totals.rejectedRows} 行不是采购记录，不导入</span>}；金额合计 {formatFen(p.totals.totalFen)} 元。
                  {p.mappingRemembered && <span className="muted">（已沿用上次为此格式确认的列对应）</span>}
                </p>
                {f.checks && <PreviewCheckLine summary={f.checks.summary} stale={f.checked !== f.revision} />}
                {p.sheetInfos.length > 1 && <SheetList f={f} p={p} onShow={(sheet) => void reparse(f, { sheetName: sheet })} onTick={(sheet, on) =>
                  update(f.name, (cur) => {
                    const excluded = new Set(cur.excluded);
                    if (on) excluded.delete(sheet);
                    else excluded.add(sheet);
                    return { excluded };
                  })} />}
                {p.yearMissing && (
                  <form
                    className="year-ask warn-text"
                    onSubmit={(e) => {
                      e.preventDefault();
                      const year = Number(new FormData(e.currentTarget).get('year'));
                      if (Number.isInteger(year) && year >= 2000 && year <= 2100) void reparse(f, { year });
                    }}
                  >
                    这个文件里有日期没有写年份，标题、工作表名和文件名里也没有写明年份。请填写年份：
                    <input name="year" type="number" min={2000} max={2100} defaultValue={new Date().getFullYear()} aria-label="日期的年份" />
                    <button type="submit">按此年份读取日期</button>
                  </form>
                )}
                {p.period && dataSheets.length <= 1 && <p className="muted">· 表中写明的期间：{p.period}</p>}
                {p.alreadyImported && (
                  <p className="error-text">
                    这个文件{dataSheets.length > 1 ? `的工作表“${p.sheet}”` : ''}已于 {formatTime(p.alreadyImported.createdAt)} 导入过（批次 {p.alreadyImported.id}，{p.alreadyImported.records} 条），不会重复导入。
                  </p>
                )}
                {p.duplicates.length > 0 && <p className="warn-text">有 {p.duplicates.length} 行与台账中已有记录相似（已默认不导入，可逐行勾选导入）。</p>}
                {p.notices.map((n) => (
                  <p key={n} className="muted">· {n}</p>
                ))}
                {p.skippedRows.length > 0 && <p className="muted">已跳过：{p.skippedRows.slice(0, 5).map((s) => `第 ${s.sourceRow} 行（${s.reason === 'total' ? '合计' : s.reason === 'header' ? '重复表头' : '说明'}）`).join('、')}{p.skippedRows.length > 5 ? '……' : ''}</p>}
                <details open={p.mapping.some((m) => !m.field && !m.ignored)}>
                  <summary>列对应（{mapped.length} 列已识别）</summary>
                  <table className="table mapping">
                    <thead>
                      <tr>
                        <th>表中的列</th>
                        <th>对应到</th>
                        <th>把握</th>
                      </tr>
                    </thead>
                    <tbody>
                      {p.mapping.map((m) => (
                        <tr key={m.column}>
                          <td>{m.header || `（第 ${m.column + 1} 列，无表头）`}</td>
                          <td>
                            <select value={m.field ?? ''} onChange={(e) => void remap(f, m.column, (e.target.value || null) as RecordField | null)}>
                              <option value="">（不导入）</option>
                              {RECORD_FIELDS.map((fd) => (
                                <option key={fd.key} value={fd.key}>{fd.label}</option>
                              ))}
                            </select>
                            {m.field === 'amountFen' && m.unit === '万元' && <small className="muted"> 按万元换算</small>}
                          </td>
                          <td className="muted">{m.field ? (m.confidence >= 0.99 ? '确定' : `${Math.round(m.confidence * 100)}%`) : m.ignored ? '无需导入' : '未识别'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </details>
                <div className="toolbar">
                  <label>
                    <input type="checkbox" checked={f.onlyErrors} onChange={(e) => update(f.name, { onlyErrors: e.target.checked })} /> 只看有错误的行
                  </label>
                  <button className="primary" disabled={f.status !== 'ready' || sheetsToCommit(f).length === 0} onClick={() => void commit(f)}>
                    确认导入 {importable} 行{dataSheets.length > 1 ? `（${sheetsToCommit(f).length} 个工作表）` : ''}
                  </button>
                  {p.rows.some((r) => r.rejected || r.errors.length > 0) && (
                    <button onClick={() => void invoke('imports/errorWorkbook', { stageId: p.stageId }).then((r) => r && download(r.fileName, r.content))}>
                      导出错误行（退回单位）
                    </button>
                  )}
                </div>
                <div className="preview-scroll">
                  <table className="table preview">
                    <thead>
                      <tr>
                        <th>导入</th>
                        <th>行号</th>
                        {mapped.map((m) => (
                          <th key={m.column}>{FIELD_BY_KEY[m.field!].label}</th>
                        ))}
                        <th>问题</th>
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((r) => {
                        const problems = r.errors.filter((e) => !(e.field && f.edits[r.sourceRow] && e.field in f.edits[r.sourceRow]));
                        const found = findings.get(r.sourceRow) ?? [];
                        return (
                          <tr key={r.sourceRow} className={r.rejected || problems.length || found.some((x) => x.severity === 'error') ? 'row-error' : dup.has(r.sourceRow) ? 'row-dup' : ''}>
                            <td>
                              <input
                                type="checkbox"
                                checked={!f.skip.has(r.sourceRow) && !r.rejected}
                                disabled={Boolean(r.rejected)}
                                onChange={(e) =>
                                  update(f.name, (cur) => {
                                    const skip = new Set(cur.skip);
                                    if (e.target.checked) skip.delete(r.sourceRow);
                                    else skip.add(r.sourceRow);
                                    return { skip, revision: nextRevision() };
                                  })
                                }
                              />
                            </td>
                            <td>{r.sourceRow}</td>
                            {mapped.map((m) => {
                              const field = m.field!;
                              const unreadable = r.errors.some((e) => e.field === field);
                              const v = r.values[field];
                              const kind = FIELD_BY_KEY[field].kind;
                              // what the cell holds before a correction: the value read, or the unit's own text
                              const text = unreadable || v === null || v === undefined ? (unreadable ? (r.raw[m.column] ?? '') : '') : kind === 'money' ? formatFen(v as number) : kind === 'county' ? (reference?.countyShort(String(v)) ?? String(v)) : String(v);
                              return (
                                <PreviewCell
                                  key={`${p.stageId}:${p.sheet}:${m.column}:${field}`}
                                  sourceRow={r.sourceRow}
                                  field={field}
                                  text={text}
                                  findings={found}
                                  parseProblem={unreadable && !(f.edits[r.sourceRow] && field in f.edits[r.sourceRow]) ? r.errors.find((e) => e.field === field)!.message : undefined}
                                  editError={f.editErrors[`${r.sourceRow}:${field}`]}
                                  onCorrect={(t) => correct(f, r.sourceRow, field, t)}
                                />
                              );
                            })}
                            <td className="problems">
                              {r.rejected}
                              {found.map((x) => (
                                <span key={`${x.code}:${x.message}`} className={x.severity === 'error' ? 'error-text' : 'warn-text'} title={describeFinding(x)}>
                                  {CHECKS[x.code].title}：{x.message}；
                                </span>
                              ))}
                              {problems.filter((e) => !found.some((x) => e.field && x.fields.includes(e.field))).map((e) => e.message).join('；')}
                              {Object.entries(f.editErrors).filter(([k]) => k.startsWith(`${r.sourceRow}:`)).map(([, m]) => `；${m}`)}
                              {dup.get(r.sourceRow)?.message}
                              {r.warnings.map((w) => w.message).join('；')}
                            </td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                  {(f.onlyErrors ? errorRows.length : p.rows.length) > SHOW_ROWS && <p className="muted">仅显示前 {SHOW_ROWS} 行；其余行同样会按上面的结果导入。</p>}
                </div>
              </>
            )}
          </section>
        );
      })}

      <section className="batches">
        <h3>导入批次</h3>
        {batches.length === 0 ? (
          <p className="muted">还没有导入过文件。</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>批次</th>
                <th>文件</th>
                <th>时间</th>
                <th>记录数</th>
                <th>金额（元）</th>
                <th>未导入行</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {batches.map((b) => (
                <tr key={b.id} className={b.rolledBackAt ? 'muted' : ''}>
                  <td>{b.id}</td>
                  <td>{b.fileName}</td>
                  <td className="nowrap">{formatTime(b.createdAt)}</td>
                  <td className="num">{b.records}</td>
                  <td className="num">{formatFen(b.totalFen)}</td>
                  <td className="num">{b.rejectedRows}</td>
                  <td>
                    {b.rolledBackAt ? (
                      `已于 ${formatTime(b.rolledBackAt)} 撤销`
                    ) : (
                      <button
                        className="link danger"
                        onClick={async () => {
                          if (!window.confirm(`撤销批次 ${b.id}（${b.fileName}）？其 ${b.records} 条记录将被删除（操作会被记录）。`)) return;
                          try {
                            await invoke('imports/rollback', { batchId: b.id });
                            onImported();
                            loadBatches();
                          } catch (e) {
                            setMessage((e as AppError).message);
                          }
                        }}
                      >
                        撤销整批
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
