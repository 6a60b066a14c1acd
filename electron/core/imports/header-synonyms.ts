/**
 * What units write as column headers, per record field. Collected from the ways government
 * organs, schools, hospitals, unions and companies title their purchase lists, invoice exports
 * (购买方名称, 价税合计, 开票日期), platform exports (订单号, 下单时间, 实付金额) and the city's
 * templates. Entries are written naturally and normalised at load (normalize-header.ts), so
 * “金额（元）” and “金额” are the same key. A weight below 1 marks a generic word that should
 * lose to a more specific column (“金额” vs “价税合计”, “名称” vs “产品名称”).
 *
 * IGNORED lists headers we recognise and deliberately do not import (序号, 税额, 联系电话 …):
 * they are shown as “不导入” rather than “未识别”, and they stop fuzzy matching from reading
 * “供应商联系电话” as the supplier.
 */
import type { RecordField } from '../../../shared/domain/record';
import { normalizeHeader } from './normalize-header';

type Syn = string | [text: string, weight: number];

export const FIELD_SYNONYMS: Readonly<Record<RecordField, readonly Syn[]>> = {
  date: [
    '日期', '采购日期', '购买日期', '购买时间', '采购时间', '交易日期', '交易时间', '发票日期', '开票日期', '开票时间',
    '消费日期', '消费时间', '下单时间', '下单日期', '订单日期', '订单时间', '支付时间', '支付日期', '付款日期', '付款时间',
    '发生日期', '业务日期', '入库日期', '验收日期', '结算日期', '记账日期', '到货日期', '送货日期', '成交日期', '成交时间',
    '购置日期', '采购发生日期', '购买发生日期', '消费发生时间', '服务日期', '出行日期', '疗休养日期', '活动日期',
    ['时间', 0.85], ['年月日', 0.9],
  ],
  purchaserName: [
    '购买主体', '采购单位', '购买单位', '单位名称', '采购主体', '购买单位名称', '采购单位名称', '采购主体名称', '购买主体名称',
    '采购方', '购买方', '购买方名称', '采购方名称', '购方名称', '购货单位', '购货方', '购货方名称', '采购人', '购买人',
    '消费单位', '消费主体', '付款单位', '付款方', '采购机构', '预算单位', '预算单位名称', '需求单位', '使用单位', '填报单位',
    '工会名称', '机关名称', '采购部门', '单位全称', '客户名称', '客户', '买方', '采购者', '购买者', '消费者', '下单单位',
    '订购单位', '认购单位', '结算单位', '采购企业', '购买企业', ['部门', 0.8],
  ],
  creditCode: [
    '统一社会信用代码', '信用代码', '社会信用代码', '统一信用代码', '统一代码', '组织机构代码', '纳税人识别号', '税号',
    '购方税号', '购买方纳税人识别号', '购买方税号', '购方纳税人识别号', '单位代码', '采购单位信用代码',
    '采购单位统一社会信用代码', '购买单位统一社会信用代码', '统一社会信用代码证号', '社会统一信用代码', '机构代码',
  ],
  purchaserType: [
    '主体类型', '单位类型', '单位性质', '购买主体类型', '采购主体类型', '主体性质', '采购单位类型', '采购单位性质',
    '购买单位类型', '购买单位性质', '机构类型', '单位类别', '主体类别', '购买主体性质', '采购主体性质', '机构性质',
  ],
  productName: [
    '产品名称', '产品', '商品名称', '商品', '品名', '货物名称', '货品名称', '采购产品', '采购商品', '采购内容', '采购品种',
    '产品名', '商品名', '物品名称', '品种', '货物或应税劳务名称', '货物或应税劳务、服务名称', '项目名称', '采购项目',
    '消费内容', '帮扶产品名称', '扶贫产品名称', '农产品名称', '采购产品名称', '购买产品', '购买商品', '购买内容',
    '产品名称及规格', '商品名称及规格', '货物', '服务项目', '服务内容', ['名称', 0.85], ['项目', 0.8], ['内容', 0.75],
  ],
  category: [
    '产品类别', '产品类型', '商品类别', '商品分类', '产品分类', '类别', '品类', '分类', '产品品类', '商品类型', '货物类别',
    '商品品类', '产品种类', '商品种类', '种类', '所属类别', '产品所属类别', '大类', '小类',
  ],
  originCode: [
    '产地', '原产地', '产地县', '产品产地', '来源地', '帮扶地区', '产地县区', '产地区县', '所属地区', '对口地区', '结对地区',
    '受援地', '受援地区', '帮扶县', '对口帮扶地区', '扶贫地区', '来源地区', '产品来源地', '产品所在地', '生产地', '生产地区',
    '所在县', '县区', '县市区', '县、市、区', '产地行政区划代码', '区划代码', '行政区划代码', '产地代码', '脱贫地区',
    '来源县', '贫困县', '原产地县', '产品来源', '货源地', '产地所属县', '产地县市区', '对口帮扶县', '帮扶对象地区',
    '所属县', '产地省市县', '脱贫县', ['县（市、区）', 0.9], ['地区', 0.85], ['区域', 0.8], ['来源', 0.8],
  ],
  supplierName: [
    '供应商', '供应商名称', '供货单位', '供货商', '销售单位', '销售方', '销售方名称', '销方名称', '帮扶企业', '扶贫企业',
    '生产企业', '生产商', '生产单位', '卖方', '商家', '店铺名称', '商户名称', '供应单位', '供货企业', '销售企业', '销售商',
    '经销商', '供货方', '收款单位', '收款方', '开票单位', '开票方', '企业名称', '合作社名称', '供应主体', '帮扶主体',
    '生产经营主体', '供货主体', '店铺', '商户', ['合作社', 0.9], ['厂家', 0.9],
  ],
  quantity: ['数量', '采购数量', '购买数量', '销售数量', '重量', '件数', '份数', '数量重量', '采购量', '购买量', '订购数量', '数量规格'],
  unit: ['单位', '计量单位', '数量单位', '计价单位', '规格单位', '单位规格', '包装单位'],
  unitPrice: ['单价', '采购单价', '价格', '销售单价', '含税单价', '成交单价', '购买单价', '单位价格', '价格单价', '商品单价', '产品单价'],
  amountFen: [
    ['金额', 0.97], '采购金额', '总金额', '消费金额', '交易金额', '合计金额', '销售额', '销售金额', '购买金额', '价税合计',
    '含税金额', '成交金额', '实付金额', '支付金额', '付款金额', '发票金额', '结算金额', '总价', '总额', '采购额', '消费额',
    '交易额', '帮扶金额', '消费帮扶金额', '购买额', '订单金额', '实际采购金额', '金额合计', '实付款', '实际支付金额',
    '采购总额', '购买总额', '消费总额', '消费帮扶额', '价税合计金额', '采购金额合计', '货款', '结算额', '应付金额',
    ['合计', 0.85], ['小计', 0.8],
  ],
  channel: [
    '销售渠道', '渠道', '采购渠道', '购买渠道', '采购方式', '购买方式', '采购途径', '购买途径', '销售方式', '消费方式', '采购形式',
    '消费渠道', '帮扶方式', '消费帮扶方式', '消费帮扶渠道', '购买平台', '采购平台', '销售平台', '渠道类型', '购买形式', '消费形式',
  ],
  invoiceNo: [
    '发票号码', '发票号', '发票编号', '发票代码及号码', '票号', '数电发票号码', '全电发票号码', '电子发票号码', '发票代码号码',
    '发票信息', '数电票号码', '发票号码数电', '增值税发票号码', '票据号码', '票据号', ['发票', 0.9],
  ],
  households: [
    '带动户数', '带动脱贫户数', '带动贫困户数', '带动农户数', '受益户数', '带贫户数', '联农带农户数', '利益联结户数',
    '户数', '带动户', '受益农户', '惠及户数', '带动建档立卡户数', '带动脱贫户', '受益脱贫户数', '带动农户', '联结户数',
    '惠及脱贫户数', '带动低收入农户数',
  ],
  kind: ['类型', '消费类型', '记录类型', '货物服务', '货物/服务', '货物或服务', '消费类别', '采购类型', '明细类型', '商品或服务'],
  personTimes: [
    '服务人次', '人次', '参与人次', '疗休养人次', '出游人次', '接待人次', '参加人次', '旅游人次', '人数', '参加人数',
    '疗休养人数', '出游人数', '服务人数',
  ],
  orderNo: [
    '订单号', '订单编号', '平台订单号', '832订单号', '交易单号', '交易流水号', '流水号', '单号', '订单号码', '采购订单号',
    '832平台订单号', '平台订单编号', '交易编号', '订单', '支付流水号',
  ],
  remark: ['备注', '说明', '备注说明', '其他', '附注', '备注信息', '其他说明', '情况说明', '备考'],
};

/** Headers we know and skip on purpose. */
export const IGNORED_HEADERS: readonly string[] = [
  '序号', '编号', '行号', 'no', 'no.', '序', '序列', '排序', '行次',
  '税额', '税率', '不含税金额', '金额不含税', '税价合计大写', '大写金额', '金额大写',
  '规格', '规格型号', '型号', '包装规格', '品牌', '条码', '商品编码', '产品编码', '税收分类编码',
  '联系人', '联系电话', '电话', '手机', '手机号', '联系方式', '地址', '单位地址', '邮编', '邮箱',
  '开户行', '开户银行', '银行账号', '账号', '经办人', '审核人', '负责人', '填表人', '制表人', '签字', '签名', '盖章',
  '供应商统一社会信用代码', '供应商信用代码', '供应商税号', '销售方纳税人识别号', '销方税号', '销售方税号',
  '供应商代码', '供货单位统一社会信用代码', '企业统一社会信用代码', '供应商类型', '供应商性质',
  '发票代码', '发票类型', '发票种类', '开票人', '收款人', '复核人',
  '是否认定', '是否认定产品', '是否为帮扶产品', '是否帮扶产品', '是否扶贫产品', '认定证书编号', '证书编号', '认定编号', '是否百县百品',
  '是否预算单位', '街道', '街镇', '所属街道', '所属街镇', '月份', '年度', '年份', '季度',
  '错误说明', '原行号',
];

export interface SynonymHit {
  /** null: a known header that is not imported */
  field: RecordField | null;
  weight: number;
}

/** Keys written under two fields (a mistake in the table; the test keeps this empty). */
export const SYNONYM_CONFLICTS: string[] = [];

/** Normalised synonym key → field. A Map, so a header “__proto__” is just a missing key. */
export const SYNONYM_INDEX: ReadonlyMap<string, SynonymHit> = buildIndex();

/** All keys, longest first, for suffix and containment matching. */
export const SYNONYM_KEYS_BY_LENGTH: readonly string[] = [...SYNONYM_INDEX.keys()].sort((a, b) => b.length - a.length);

function buildIndex(): Map<string, SynonymHit> {
  const index = new Map<string, SynonymHit>();
  for (const [field, list] of Object.entries(FIELD_SYNONYMS) as [RecordField, readonly Syn[]][]) {
    for (const syn of list) {
      const [text, weight] = typeof syn === 'string' ? [syn, 1] : syn;
      const key = normalizeHeader(text).key;
      const prior = index.get(key);
      if (prior && prior.field !== field) SYNONYM_CONFLICTS.push(`${key}: ${String(prior.field)} / ${field}`);
      if (key && !prior) index.set(key, { field, weight });
    }
  }
  for (const text of IGNORED_HEADERS) {
    const key = normalizeHeader(text).key;
    const prior = index.get(key);
    if (prior && prior.field !== null) SYNONYM_CONFLICTS.push(`${key}: ${prior.field} / (ignored)`);
    if (key && !prior) index.set(key, { field: null, weight: 1 });
  }
  return index;
}
