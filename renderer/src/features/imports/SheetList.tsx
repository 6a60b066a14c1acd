/**
 * Every sheet of a workbook with what the app found in it: the data sheets (rows, months,
 * total, repeats of ledger records) with a tick to leave one out and a click to show it; the
 * others with why they are not imported (汇总, 填表说明, hidden, empty …).
 */
import type { ImportPreview } from '../../../../shared/domain/import';
import { formatFen } from '../../../../shared/money';

function monthText(m: string): string {
  const [y, mm] = m.split('-');
  return `${y}年${Number(mm)}月`;
}

export function SheetList({
  f,
  p,
  onShow,
  onTick,
}: {
  f: { excluded: Set<string> };
  p: ImportPreview;
  onShow(sheet: string): void;
  onTick(sheet: string, on: boolean): void;
}) {
  return (
    <table className="table sheet-list" aria-label="工作表">
      <thead>
        <tr>
          <th>导入</th>
          <th>工作表</th>
          <th>内容</th>
          <th>行数</th>
          <th>月份</th>
          <th>金额（元）</th>
        </tr>
      </thead>
      <tbody>
        {p.sheetInfos.map((i) => (
          <tr key={i.sheet} className={i.sheet === p.sheet ? 'current' : 'muted'}>
            <td>
              {i.status === 'data' && (
                <input
                  type="checkbox"
                  aria-label={`导入工作表“${i.sheet}”`}
                  disabled={Boolean(i.importedBatchId)}
                  checked={!f.excluded.has(i.sheet) && !i.importedBatchId}
                  onChange={(e) => onTick(i.sheet, e.target.checked)}
                />
              )}
            </td>
            <td>
              {i.status === 'data' && i.sheet !== p.sheet ? (
                <button className="link" onClick={() => onShow(i.sheet)}>
                  {i.sheet}
                </button>
              ) : (
                i.sheet
              )}
            </td>
            <td>
              {i.importedBatchId
                ? `已导入过（批次 ${i.importedBatchId}）`
                : i.status === 'data'
                  ? `采购明细${i.duplicateRows?.length ? `，${i.duplicateRows.length} 行与台账已有记录重复` : ''}`
                  : `不导入：${i.note ?? ''}`}
            </td>
            <td className="num">{i.status === 'data' ? i.rows : ''}</td>
            <td>{i.months.map(monthText).join('、')}</td>
            <td className="num">{i.status === 'data' ? formatFen(i.totalFen) : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
