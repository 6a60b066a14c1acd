/**
 * What each audited entity is called in Chinese: the history panel (renderer) and the write
 * path's messages (core) both name them. Keys are the write path's entity names.
 */
export const ENTITY_LABELS: Readonly<Record<string, string>> = {
  record: '记录',
  purchaser: '购买主体',
  supplier: '供应商',
  product: '产品',
  pairedRegion: '帮扶地区',
  settings: '设置',
  importBatch: '导入批次',
  importMapping: '导入列对应',
  period: '月份',
  checkWaiver: '检查豁免',
  purchaserPlan: '年度采购计划',
  attachment: '附件',
  attachmentLink: '附件关联',
  certificate: '证书',
};
