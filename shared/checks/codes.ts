/**
 * The checks of ../shared/design/domain.md ("The checks"): stable codes, severities, and the
 * Chinese words the checks page shows — what each finds and how to fix it.
 * Errors block a submission unless waived with a reason; warnings are shown.
 */
export type Severity = 'error' | 'warning';

export interface CheckDef {
  severity: Severity;
  /** short Chinese name for the group heading */
  title: string;
  /** what the check finds, for people */
  explain: string;
  /** how to fix it */
  fix: string;
}

export const CHECKS = {
  REQUIRED_MISSING: {
    severity: 'error',
    title: '必填项为空',
    explain: '购买主体、日期、产品、金额、产地（县）中有空缺，这条记录无法统计。',
    fix: '在台账明细中补齐空缺的单元格；若数据来自单位报表，请向报送单位核实。',
  },
  DATE_INVALID: {
    severity: 'error',
    title: '日期无效',
    explain: '日期不是真实存在的日期（例如单位填写的“2021/11/31”），无法识别，或早于 2015 年（消费帮扶统计开始之前）。',
    fix: '按发票或合同上的日期改正。',
  },
  DATE_IN_FUTURE: {
    severity: 'error',
    title: '日期晚于今天',
    explain: '采购日期在今天之后，尚未发生的采购不能计入。',
    fix: '核对日期是否抄错年份或月份；确属预订的，等实际发生后再登记。',
  },
  DATE_OUTSIDE_PERIOD: {
    severity: 'error',
    title: '日期不在所属月份',
    explain: '记录被放在某个月的报表中，但日期不在该月内，会造成重复或漏报。',
    fix: '改正日期，或把记录归入日期所在的月份。',
  },
  AMOUNT_NOT_POSITIVE: {
    severity: 'error',
    title: '金额不为正',
    explain: '金额为 0 或负数。退款须在备注中注明“退款”或“退货”。',
    fix: '改正金额；确为退款的，在备注中写明“退款”。',
  },
  AMOUNT_INVALID: {
    severity: 'error',
    title: '金额无法识别',
    explain: '单位填写的金额（或数量、单价、户数、人次）无法识别为数字，这一格暂为空；单位的原文保存在记录中。',
    fix: '对照单位报表或发票，在这一格填入正确的数字。',
  },
  VALUE_NOT_IN_LIST: {
    severity: 'warning',
    title: '填写的值不在列表中',
    explain: '销售渠道、产品类别、主体类型或类型填写的值不在程序的列表中，也没有对应的常见写法，已记为“其他”（类型暂未填写）；单位的原文保存在记录中。',
    fix: '从列表中选择最接近的值；若确属其他，可说明原因后豁免。',
  },
  AMOUNT_MISMATCH: {
    severity: 'error',
    title: '数量×单价与金额不符',
    explain: '数量乘以单价与金额相差超过 1 元且超过 0.5%。',
    fix: '核对数量、单价和金额（常见原因：单位不一致、金额以万元填写）。',
  },
  CREDIT_CODE_INVALID: {
    severity: 'error',
    title: '统一社会信用代码有误',
    explain: '代码不是 18 位，含有不允许的字符（I、O、S、V、Z），或校验位不符。',
    fix: '按营业执照或事业单位法人证书改正代码。',
  },
  PURCHASER_CONFLICT: {
    severity: 'error',
    title: '购买主体名称与代码不一致',
    explain: '同一个统一社会信用代码对应了两个名称，或同一个名称对应了两个代码。',
    fix: '统一为证照上的名称和代码；若是两家不同单位，请改正其中抄错的代码。',
  },
  ORIGIN_UNKNOWN: {
    severity: 'error',
    title: '产地不是县级行政区',
    explain: '产地代码不是有效的县级行政区划代码。',
    fix: '在产地（县）列重新选择产地县。',
  },
  ORIGIN_NOT_PAIRED: {
    severity: 'error',
    title: '产地不在对口帮扶地区',
    explain: '产地县不属于本单位设置的对口帮扶地区（或不在对口关系的有效年份内），不能计入消费帮扶。',
    fix: '核对产地；若对口关系有变化，请在“名录 → 对口帮扶地区”中更新。',
  },
  INVOICE_FORMAT: {
    severity: 'warning',
    title: '发票号码格式可疑',
    explain: '发票号码既不是 8 位也不是 20 位；或 20 位数电发票号码的前两位不是开票年份；或发票代码不是 10 位或以 0 开头的 12 位。',
    fix: '对照发票原件改正号码；旧版发票请按“发票代码:发票号码”填写。',
  },
  PURCHASER_TYPE_MISMATCH: {
    severity: 'warning',
    title: '主体类型与代码不符',
    explain: '统一社会信用代码的前两位与主体类型矛盾（11 机关、12 事业单位、51/52/53 社会组织、81 工会、91 企业、92 个体户、93 合作社）。',
    fix: '改正主体类型或代码。',
  },
  ORDER_NO_MISSING: {
    severity: 'warning',
    title: '832 平台缺少订单号',
    explain: '销售渠道为 832 平台，但没有填写平台订单号，考核时无法与平台数据核对。',
    fix: '从 832 平台导出订单号填入“订单号”列。',
  },
  INVOICE_DUPLICATE: {
    severity: 'error',
    title: '发票重复计入',
    explain: '同一张发票被不同购买主体（例如工会和本单位）重复计入，或同一主体对同一产品计入两次。',
    fix: '保留真实发生的一条，删除重复的记录；一张发票对应多种产品的属于正常情况，不会被提示。',
  },
  RECORD_DUPLICATE: {
    severity: 'warning',
    title: '疑似重复记录',
    explain: '购买主体、日期、产品和金额都相同的记录出现了不止一次；发票号码不同的也会提示（同一笔采购开了两张发票，或同一张发票登记了两次）。',
    fix: '确认是否重复导入或重复填写；确为两笔采购的，可说明原因后豁免。',
  },
  CERT_MISSING: {
    severity: 'warning',
    title: '缺少认定证书',
    explain: '产品标记为已认定（或列入百县百品），但没有登记证书。',
    fix: '在证书中登记该产品的认定证书并上传扫描件。',
  },
  CERT_EXPIRED: {
    severity: 'error',
    title: '采购时证书不在有效期内',
    explain: '采购日期不在该产品任一认定证书的有效期内。',
    fix: '登记采购时有效的证书；若当时证书已过期，该笔采购不应计入帮扶产品。',
  },
  ATTACHMENT_MISSING: {
    severity: 'warning',
    title: '缺少发票附件',
    explain: '记录没有关联发票附件，考核时无法提供凭证。',
    fix: '在记录上附加发票（PDF、OFD、XML 或扫描件）。',
  },
  ATTACHMENT_BROKEN: {
    severity: 'error',
    title: '附件缺失或被改动',
    explain: '附件文件不见了，或文件内容与登记时的哈希值不一致。',
    fix: '从原件重新上传该附件。',
  },
  PRICE_OUTLIER: {
    severity: 'warning',
    title: '单价异常',
    explain: '单价超过同一产品（同一计量单位）单价中位数的 3 倍。',
    fix: '核对单价和数量（常见原因：数量与单位不符、单价按整箱填写）。',
  },
  LARGE_AMOUNT: {
    severity: 'warning',
    title: '大额记录',
    explain: '单笔金额超过设置中的大额阈值（默认 100 万元），考核时会重点核查。',
    fix: '确认合同、发票和付款凭证齐全；核实无误后可说明原因豁免。',
  },
  PREPAID_CARD: {
    severity: 'warning',
    title: '购物卡、预付卡或充值',
    explain: '渠道、产品或备注中出现购物卡、预付卡、储值卡或充值：在卡内金额实际消费之前不算消费帮扶。',
    fix: '按实际消费的产品和金额登记，删除购卡或充值记录。',
  },
  RESERVED_SHARE_LOW: {
    severity: 'warning',
    title: '预留份额不足',
    explain: '预算单位购买帮扶产品的金额占其年度农副产品采购计划的比例低于目标（按已过月份折算）。',
    fix: '提醒该单位加大帮扶产品采购；计划额有误的，在名录中改正。',
  },
  HOUSEHOLDS_MISSING: {
    severity: 'warning',
    title: '缺少带动户数',
    explain: '供应商是合作社或农户，但没有填写带动脱贫户数（利益联结）。',
    fix: '向供应商了解带动户数并填入“带动户数”列。',
  },
  LOCKED_PERIOD_EDITED: {
    severity: 'error',
    title: '已报送月份的记录被改动',
    explain: '记录所在月份已报送，但其最近一次改动晚于报送时间，或其内容与操作记录不一致（在本程序之外被修改）。',
    fix: '核实改动是否应当发生；如需更正，请重新打开该月（须填写原因）后改正并重新报送。',
  },
  AUDIT_CHAIN_BROKEN: {
    severity: 'error',
    title: '操作记录链断裂',
    explain: '操作记录的哈希链不能通过验证：有操作记录被删除或改动过。',
    fix: '从最近一次验证通过的备份恢复台账，并查明改动来源。',
  },
} as const satisfies Record<string, CheckDef>;

export type CheckCode = keyof typeof CHECKS;
export const CHECK_CODES = Object.keys(CHECKS) as CheckCode[];

export function severityOf(code: CheckCode): Severity {
  return CHECKS[code].severity;
}

export function isCheckCode(text: string): text is CheckCode {
  return Object.prototype.hasOwnProperty.call(CHECKS, text);
}
