/** Small display helpers shared by the pages. */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

const ACTIONS: Record<string, string> = { insert: '新增', update: '修改', delete: '删除' };
export function actionLabel(action: string): string {
  return ACTIONS[action] ?? action;
}

const ENTITIES: Record<string, string> = {
  record: '记录',
  purchaser: '购买主体',
  supplier: '供应商',
  product: '产品',
  pairedRegion: '帮扶地区',
  settings: '设置',
  importBatch: '导入批次',
  importMapping: '导入列对应',
};
export function entityLabel(entity: string): string {
  return ENTITIES[entity] ?? entity;
}
