/** In a record's panel: was its product certified on the purchase date (certificates/validOn)? */
import { useEffect, useState } from 'react';
import type { ResultOf } from '../../../../shared/api';
import type { Certificate } from '../../../../shared/domain/attachments';
import type { AppError } from '../../../../shared/result';
import { invoke } from '../../api/client';

function describe(c: Certificate): string {
  const number = c.number ? ` ${c.number}` : '';
  const until = c.validTo ? `至 ${c.validTo}` : '长期有效';
  return `${c.kind}${number}（${c.validFrom ?? '…'} ${until}）`;
}

export function CertifiedOn({ productName, date }: { productName: string | null; date: string | null }) {
  const [result, setResult] = useState<ResultOf<'certificates/validOn'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setResult(null);
    setError(null);
    if (!productName?.trim() || !date) return;
    // an answer for the record shown before (a slower query) must not land on this one
    let current = true;
    invoke('certificates/validOn', { productName, date }).then(
      (r) => current && setResult(r),
      (e: AppError) => current && setError(e.message),
    );
    return () => {
      current = false;
    };
  }, [productName, date]);

  if (!productName?.trim() || !date) return null;
  let line: { className: string; text: string } | null = null;
  if (error) line = { className: 'error-text', text: `无法查询认定情况：${error}` };
  else if (result?.certified) line = { className: 'ok-text', text: `✓ 购买日 ${date} 在认定有效期内：${result.valid.map(describe).join('；')}` };
  else if (result && result.other.length > 0) line = { className: 'error-text', text: `✗ 购买日 ${date} 不在任何证书的有效期内（已登记：${result.other.map(describe).join('；')}）` };
  else if (result) line = { className: 'muted', text: `证书库中没有“${productName}”的认定证书` };
  return (
    <section className="certified-on" aria-label="产品认定">
      <h4>产品认定</h4>
      <p className={line?.className ?? 'muted'}>{line?.text ?? '正在查询…'}</p>
    </section>
  );
}
