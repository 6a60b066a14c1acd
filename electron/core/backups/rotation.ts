/**
 * Which automatic backups to keep: every one from today, the newest of each of the last 30
 * days, the newest of each of the last 12 months. Older ones, and the rest, are removed. A pure
 * function over times so it is tested without a clock or a disk.
 */
export interface Dated {
  file: string;
  at: Date;
}

const DAY_MS = 86_400_000;

function dayKey(d: Date): string {
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

function monthKey(d: Date): string {
  return `${d.getFullYear()}-${d.getMonth() + 1}`;
}

export function backupsToKeep(backups: readonly Dated[], now: Date): Set<string> {
  const keep = new Set<string>();
  const newestFirst = [...backups].sort((a, b) => b.at.getTime() - a.at.getTime());
  const today = dayKey(now);
  const days = new Set<string>();
  const months = new Set<string>();
  for (const b of newestFirst) {
    const age = now.getTime() - b.at.getTime();
    if (dayKey(b.at) === today || age < 0) {
      keep.add(b.file);
      continue;
    }
    const day = dayKey(b.at);
    if (age <= 30 * DAY_MS && !days.has(day)) {
      days.add(day);
      keep.add(b.file);
      continue;
    }
    const month = monthKey(b.at);
    if (age <= 366 * DAY_MS && !months.has(month) && !days.has(day)) {
      months.add(month);
      keep.add(b.file);
    }
  }
  return keep;
}
