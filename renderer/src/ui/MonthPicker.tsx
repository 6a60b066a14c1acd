/**
 * A month as the clerk writes it, 2021年11月, in any browser: <input type="month"> follows the
 * browser's language ("November 2021" in an English one) and is a plain text box in some.
 * Value and onChange use 'YYYY-MM'.
 */
const FIRST_YEAR = 2015; // the checks refuse dates before 2015 (domain.md, DATE_INVALID)

export function MonthPicker({ value, onChange, label }: { value: string; onChange(month: string): void; label: string }) {
  const [year, month] = value.split('-').map(Number);
  const last = Math.max(new Date().getFullYear() + 1, year || 0);
  const years = Array.from({ length: last - FIRST_YEAR + 1 }, (_, i) => FIRST_YEAR + i);
  const set = (y: number, m: number) => onChange(`${y}-${String(m).padStart(2, '0')}`);
  return (
    <span className="month-picker" role="group" aria-label={label}>
      <select value={year} onChange={(e) => set(Number(e.target.value), month)} aria-label={`${label}（年）`}>
        {years.map((y) => (
          <option key={y} value={y}>
            {y}年
          </option>
        ))}
      </select>
      <select value={month} onChange={(e) => set(year, Number(e.target.value))} aria-label={`${label}（月）`}>
        {Array.from({ length: 12 }, (_, i) => i + 1).map((m) => (
          <option key={m} value={m}>
            {m}月
          </option>
        ))}
      </select>
    </span>
  );
}
