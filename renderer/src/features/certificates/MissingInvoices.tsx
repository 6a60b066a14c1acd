/** 缺发票附件的记录: how many records have no 发票 file yet, the first of them, and adding a batch of invoices by number. */
import { useCallback, useEffect, useState } from 'react';
import type { LedgerRecord } from '../../../../shared/domain/record';
import { formatFen } from '../../../../shared/money';
import type { AppError } from '../../../../shared/result';
import { invoke } from '../../api/client';
import { InvoiceMatch } from '../attachments/InvoiceMatch';

const SHOWN = 20;

export function MissingInvoices() {
  const [result, setResult] = useState<{ rows: LedgerRecord[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const load = useCallback(() => {
    invoke('attachments/missingInvoices', { startRow: 0, endRow: SHOWN }).then(setResult, (e: AppError) => setError(e.message));
  }, []);
  useEffect(load, [load]);

  if (error) return <p className="error-text">无法统计缺发票附件的记录：{error}</p>;
  if (!result) return null;
  return (
    <section className="card missing-invoices">
      <div className="page-title">
        <h3>缺发票附件的记录：{result.total} 条</h3>
        {result.total > 0 && (
          <button className="link" onClick={() => setOpen(!open)}>
            {open ? '收起' : '查看'}
          </button>
        )}
      </div>
      {result.total === 0 && <p className="muted">每条记录都已关联发票附件。</p>}
      <InvoiceMatch onAdded={load} />
      {open && (
        <>
          <table className="table">
            <thead>
              <tr>
                <th>日期</th>
                <th>购买主体</th>
                <th>产品</th>
                <th className="num">金额（元）</th>
                <th>发票号</th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((r) => (
                <tr key={r.id}>
                  <td>{r.date}</td>
                  <td>{r.purchaserName}</td>
                  <td>{r.productName}</td>
                  <td className="num">{formatFen(r.amountFen)}</td>
                  <td>{r.invoiceNo}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">
            {result.total > SHOWN ? `只列出前 ${SHOWN} 条。` : ''}在台账明细中单击行号，可在“附件”中添加发票。
          </p>
        </>
      )}
    </section>
  );
}
