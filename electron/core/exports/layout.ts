/**
 * The workbook layout every export and the blank template share: one column per record field,
 * headed by the field's Chinese label, so the app's own import maps it back without help.
 */
import { RECORD_FIELDS, type FieldDef } from '../../../shared/record-fields';

export const LEDGER_SHEET = '台账明细';

/** Column width in characters from the grid's pixel width. */
export function columnChars(field: FieldDef): number {
  return Math.max(8, Math.round(field.width / 7.5));
}

export const LAYOUT: readonly FieldDef[] = RECORD_FIELDS;

/** What a unit should know when filling in each column (the template's 填表说明 sheet). */
export const FIELD_NOTES: Readonly<Record<string, string>> = {
  date: '采购日期，如 2021-11-05；也可写 2021/11/5 或 2021年11月5日',
  purchaserName: '购买单位的全称，与营业执照或法人证书一致',
  creditCode: '18 位统一社会信用代码（个人可不填）',
  purchaserType: '从下拉列表中选择',
  productName: '产品名称，如“勐海普洱茶（熟茶饼357g）”',
  category: '从下拉列表中选择',
  originCode: '产地县，写县名（如“勐海县”，可带省、州）或 6 位行政区划代码',
  supplierName: '供应商、合作社或农户名称',
  quantity: '数量（数字）',
  unit: '计量单位，如 公斤、箱、袋',
  unitPrice: '单价（元）',
  amountFen: '金额（元），保留两位小数；如按万元填写，请把表头改为“金额（万元）”',
  channel: '从下拉列表中选择',
  invoiceNo: '发票号码：数电发票 20 位；旧版发票写“发票代码-发票号码”。请设为文本格式，勿用科学计数法',
  households: '带动脱贫户数（整数）',
  kind: '货物或服务（疗休养、文旅等）',
  personTimes: '服务类消费的人次',
  orderNo: '832 平台等电商订单号',
  remark: '其他需要说明的情况',
};
