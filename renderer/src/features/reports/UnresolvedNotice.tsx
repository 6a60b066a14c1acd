/**
 * The first thing a report of an unclean month says, on screen and on paper: how many records
 * still carry an error that is neither fixed nor waived, and how much money they hold, so a
 * reader never takes its totals for checked figures.
 */
import type { UnresolvedErrors } from '../../../../shared/domain/report';
import { formatFen } from '../../../../shared/money';

export function UnresolvedNotice({ unresolved }: { unresolved: UnresolvedErrors | undefined }) {
  if (!unresolved || unresolved.findings === 0) return null;
  const { findings, records, amountFen } = unresolved;
  return (
    <section className="report-unresolved" role="alert">
      <strong>本月数据尚有未解决的错误</strong>
      <p>
        {records > 0
          ? `${records.toLocaleString('zh-CN')} 条记录（涉及金额 ${formatFen(amountFen)} 元）存在 ${findings.toLocaleString('zh-CN')} 个未修正、未豁免的错误，`
          : `有 ${findings.toLocaleString('zh-CN')} 个未修正、未豁免的错误，`}
        本报表的数字尚未核实。请在“检查”页修正或写明原因豁免后再报送。
      </p>
    </section>
  );
}
