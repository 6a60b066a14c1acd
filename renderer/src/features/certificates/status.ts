/** A certificate's validity as the registry shows it, on a given day. */
import type { Certificate } from '../../../../shared/domain/attachments';

export type CertificateStatus = '有效' | '即将到期' | '已过期' | '未生效';

/** ISO date `days` after `iso` (UTC arithmetic, so no daylight-saving surprises). */
export function addDaysIso(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Same 60-day window as certificates/expiring's default. */
export function certificateStatus(c: Pick<Certificate, 'validFrom' | 'validTo'>, today: string, soonDays = 60): CertificateStatus {
  if (c.validFrom && c.validFrom > today) return '未生效';
  if (!c.validTo) return '有效';
  if (c.validTo < today) return '已过期';
  if (c.validTo <= addDaysIso(today, soonDays)) return '即将到期';
  return '有效';
}
