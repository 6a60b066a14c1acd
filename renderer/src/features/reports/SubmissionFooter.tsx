/**
 * The printed 月报's footer: the SHA-256 of the package this month was submitted with, so the
 * city can hold the package it received against the report the office printed (issue 15).
 * A month never submitted says so; a reopened one names the last package and warns that the
 * figures above may have changed since.
 */
import { useEffect, useState } from 'react';
import type { PeriodInfo } from '../../../../shared/domain/checks';
import { invoke } from '../../api/client';
import { formatTime } from '../../ui/format';

export function SubmissionFooter({ period, generatedAt }: { period: string; generatedAt: string }) {
  const [info, setInfo] = useState<PeriodInfo | null | undefined>(undefined);
  useEffect(() => {
    // generatedAt changes on every reload of the report: a submission just made shows up too.
    invoke('periods/list', { month: period }).then((r) => setInfo(r.periods[0] ?? null), () => setInfo(undefined));
  }, [period, generatedAt]);
  if (info === undefined) return null;
  const hash = info?.packageSha256;
  return (
    <footer className="report-foot" aria-label="报送包校验值">
      {!hash ? (
        <p>本月尚未报送，本报表不对应任何报送包。</p>
      ) : (
        <>
          <p>
            {info.status === 'submitted'
              ? `本月已于 ${info.submittedAt ? formatTime(info.submittedAt) : ''} 报送（第 ${info.version} 版）。报送包 SHA-256：`
              : `本月报送（第 ${info.version} 版）后已重新打开（${info.reopenReason ?? ''}），以上数字可能已与报送包不同。上次报送包 SHA-256：`}
          </p>
          <p className="sha">{hash}</p>
          <p className="muted">市里可对收到的报送包计算 SHA-256（或运行“验证”）并与此值核对。</p>
        </>
      )}
    </footer>
  );
}
