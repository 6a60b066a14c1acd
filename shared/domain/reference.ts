/** Closed lists of domain.md. The UI shows these Chinese words; they are also what is stored. */
export const PURCHASER_TYPES = [
  '党政机关', '事业单位', '学校', '医疗卫生机构', '国有企业', '民营企业', '外资企业', '社会组织', '工会', '个人', '其他',
] as const;

export const CATEGORIES = [
  '粮油', '肉禽蛋', '蔬菜', '水果', '茶叶', '菌菇', '中药材', '加工食品', '饮品酒水', '非遗文创', '其他',
] as const;

export const CHANNELS = [
  '832平台', '专柜/专馆/专区', '百县百品直营店', '消费帮扶生活馆', '电商平台', '展销会', '食堂直采', '工会福利', '提货券',
  '批发市场', '以购代捐', '其他',
] as const;

/** goods / service consumption (疗休养、文旅). */
export const RECORD_KINDS = ['货物', '服务'] as const;

export const SUPPLIER_KINDS = ['企业', '合作社', '农户'] as const;

export type PurchaserType = (typeof PURCHASER_TYPES)[number];
export type Category = (typeof CATEGORIES)[number];
export type Channel = (typeof CHANNELS)[number];
export type RecordKind = (typeof RECORD_KINDS)[number];
export type SupplierKind = (typeof SUPPLIER_KINDS)[number];

/** A county of China's administrative divisions (resources/regions/counties.json). */
export interface County {
  /** 6-digit 行政区划代码 */
  code: string;
  name: string;
  prefectureCode: string;
  prefectureName: string;
  provinceCode: string;
  provinceName: string;
}
