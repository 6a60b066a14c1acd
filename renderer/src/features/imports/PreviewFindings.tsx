/**
 * What 检查 finds in a file before it is imported (imports/preview, imports/check): the
 * summary line, each row's findings, and the preview's cells — every one can be corrected, and
 * each shows its findings with the titles and advice of 检查 (shared/checks/codes.ts).
 */
import { CHECKS } from '../../../../shared/checks/codes';
import type { PreviewCheckSummary, PreviewChecks, PreviewFinding } from '../../../../shared/domain/preview-checks';
import type { RecordField } from '../../../../shared/domain/record';
import { formatFen } from '../../../../shared/money';
import { FIELD_BY_KEY } from '../../../../shared/record-fields';

export function findingsByRow(checks: PreviewChecks | undefined): Map<number, PreviewFinding[]> {
  const out = new Map<number, PreviewFinding[]>();
  for (const f of checks?.findings ?? []) {
    const list = out.get(f.sourceRow);
    if (list) list.push(f);
    else out.set(f.sourceRow, [f]);
  }
  return out;
}

/** 共 5 行，合计 … 元；检查发现 4 行有错误：日期晚于今天 1、… */
export function PreviewCheckLine({ summary, stale }: { summary: PreviewCheckSummary; stale: boolean }) {
  return (
    <p className="check-line" aria-live="polite" data-stale={stale || undefined}>
      共 <strong data-testid="preview-rows">{summary.rows}</strong> 行，合计 <strong data-testid="preview-total">{formatFen(summary.totalFen)}</strong> 元；检查发现{' '}
      <strong className={summary.errorRows ? 'error-text' : ''} data-testid="preview-error-rows">{summary.errorRows}</strong> 行有错误，
      <strong className={summary.warningRows ? 'warn-text' : ''}>{summary.warningRows}</strong> 行仅有提示
      {summary.byCode.length > 0 && '：'}
      {summary.byCode.map((c, i) => (
        <span key={c.code} className={c.severity === 'error' ? 'error-text' : 'warn-text'} title={`${CHECKS[c.code].explain}\n怎么改：${CHECKS[c.code].fix}`}>
          {i > 0 && '、'}
          {CHECKS[c.code].title} {c.count}
        </span>
      ))}
      {stale && <span className="muted">（正在重新检查…）</span>}
    </p>
  );
}

/** How many Latin-width columns a text takes (a Chinese character takes two). */
function columns(text: string): number {
  let n = 0;
  for (const ch of text) n += ch.codePointAt(0)! >= 0x2e80 ? 2 : 1;
  return n;
}

/** A finding as the checks page words it: the title, the message, and how to fix it. */
export function describeFinding(f: PreviewFinding): string {
  return `${f.severity === 'error' ? '错误' : '提示'}·${CHECKS[f.code].title}：${f.message}\n怎么改：${CHECKS[f.code].fix}`;
}

export function PreviewCell(props: {
  sourceRow: number;
  field: RecordField;
  /** what the cell shows before any correction: the value read, or the unit's text where it could not be read */
  text: string;
  findings: PreviewFinding[];
  /** a correction the app could not read */
  editError?: string;
  /** the file's value could not be read (and is not corrected yet) */
  parseProblem?: string;
  onCorrect(text: string): void;
}) {
  const { sourceRow, field, text, findings, editError, parseProblem } = props;
  const here = findings.filter((f) => f.fields.includes(field));
  const severity = editError || parseProblem || here.some((f) => f.severity === 'error') ? 'error' : here.length ? 'warning' : null;
  const title = [editError, ...here.map(describeFinding), here.length ? undefined : parseProblem].filter(Boolean).join('\n\n') || undefined;
  const label = FIELD_BY_KEY[field].label;
  return (
    <td className={`${severity === 'error' ? 'cell-invalid' : severity === 'warning' ? 'cell-warning' : ''} ${FIELD_BY_KEY[field].kind === 'money' ? 'num' : ''}`} title={title}>
      <input
        defaultValue={text}
        size={Math.max(4, Math.min(32, columns(text) + 1))}
        onBlur={(e) => {
          if (e.target.value !== text || editError) props.onCorrect(e.target.value);
        }}
        aria-label={`更正第 ${sourceRow} 行${label}`}
        aria-invalid={severity === 'error' || undefined}
      />
    </td>
  );
}
