/**
 * What units write in the closed-list columns, mapped to the ledger's words before the one
 * field parser sees them. Exact ledger words pass unchanged; a known alias is accepted with a
 * warning that shows the word it became (so “直营店/专柜” visibly becomes “专柜/专馆/专区”);
 * anything else reaches parseFieldValue as written, fails there, and the import records 其他 with
 * the unit's wording kept (VALUE_NOT_IN_LIST). Order matters: the first rule that matches wins;
 * a rule whose word is null keeps the text out of every alias on purpose.
 *
 * Choices taken from real wording (issue 16):
 * - 预付卡/购物卡/充值/储值 never become 提货券: they are not consumption until spent, and
 *   PREPAID_CARD has to find them (as 其他 with the unit's text kept).
 * - 线下 says only "not online": it could be a 专柜, a canteen or a market, so it is 其他 with
 *   its text kept, not a guess.
 * - 干果/坚果/炒货/果干 (walnuts, dates, raisins) are dried or roasted: 加工食品, not 水果.
 */
import type { RecordField } from '../../../shared/domain/record';
import { CATEGORIES, CHANNELS, PURCHASER_TYPES, RECORD_KINDS } from '../../../shared/domain/reference';

type Rule = [RegExp, string | null];

const RULES: Partial<Record<RecordField, Rule[]>> = {
  channel: [
    [/预付|购物卡|充值|储值|会员卡/, null],
    [/^线下/, null],
    [/832|脱贫地区农副产品网络销售平台|扶贫产品网络销售平台/, '832平台'],
    [/百县百品/, '百县百品直营店'],
    [/消费帮扶馆|扶贫馆|帮扶馆/, '消费帮扶生活馆'],
    [/专柜|专馆|专区/, '专柜/专馆/专区'],
    [/直营店|直营/, '百县百品直营店'],
    [/生活馆/, '消费帮扶生活馆'],
    [/食堂|餐厅|伙食/, '食堂直采'],
    [/工会|职工福利|节日慰问|慰问品/, '工会福利'],
    [/提货券|提货卡|礼券|兑换券|礼品卡|卡券/, '提货券'],
    [/以购代捐/, '以购代捐'],
    [/电商|网购|网上|线上|网店|商城|京东|淘宝|天猫|拼多多|抖音|快手|小程序|直播|网络/, '电商平台'],
    [/展销|展会|博览会|年货节|集市|推介会|交易会|农博会/, '展销会'],
    [/批发/, '批发市场'],
    [/^其它$/, '其他'],
  ],
  category: [
    [/干果|坚果|炒货|果干|果脯|蜜饯/, '加工食品'],
    [/饮品|饮料|酒|奶|矿泉水|饮用水|纯净水|果汁|咖啡/, '饮品酒水'],
    [/茶/, '茶叶'],
    [/菌|菇|木耳|松茸/, '菌菇'],
    [/中药|药材|天麻|虫草|枸杞/, '中药材'],
    [/粮|油|米|面/, '粮油'],
    [/肉|禽|蛋|牛|羊|猪|鸡|鸭|鱼|水产/, '肉禽蛋'],
    [/蔬菜|菜/, '蔬菜'],
    [/水果|鲜果|果品/, '水果'],
    [/非遗|文创|手工|工艺/, '非遗文创'],
    [/加工|食品|特产|干货|零食|蜂蜜|调味|调料|糕点|罐头/, '加工食品'],
    [/^其它$/, '其他'],
  ],
  purchaserType: [
    [/工会/, '工会'],
    [/党政|机关|行政|政府|街道|乡镇|镇政府/, '党政机关'],
    [/学校|中学|小学|大学|学院|幼儿园|教育/, '学校'],
    [/医院|医疗|卫生/, '医疗卫生机构'],
    [/事业/, '事业单位'],
    [/国企|国有|央企/, '国有企业'],
    [/外资|外企|合资|港澳台/, '外资企业'],
    [/民企|民营|私营|私企|个体/, '民营企业'],
    [/社会组织|社团|基金会|协会|商会|民办非/, '社会组织'],
    [/个人|职工|居民|市民|员工/, '个人'],
    [/^其它$/, '其他'],
  ],
  kind: [
    [/服务|疗休养|文旅|旅游|旅行|休养|培训/, '服务'],
    [/货物|商品|产品|物品|实物/, '货物'],
  ],
};

const OPTIONS: Partial<Record<RecordField, readonly string[]>> = {
  channel: CHANNELS,
  category: CATEGORIES,
  purchaserType: PURCHASER_TYPES,
  kind: RECORD_KINDS,
};

export interface AliasResult {
  text: string;
  /** Set when the text was changed to a ledger word. */
  warning?: string;
}

const cache = new Map<string, AliasResult>();

export function aliasEnumValue(field: RecordField, raw: string, label: string): AliasResult {
  const rules = RULES[field];
  const options = OPTIONS[field];
  const text = raw.normalize('NFKC').replace(/\s+/g, '');
  if (!rules || !options || options.includes(text)) return { text: options?.includes(text) ? text : raw };
  const key = `${field}\u0001${text}`;
  const cached = cache.get(key);
  if (cached) return cached;
  let result: AliasResult = { text: raw };
  for (const [re, word] of rules) {
    if (re.test(text)) {
      if (word !== null) result = { text: word, warning: `${label}“${raw}”按“${word}”导入` };
      break;
    }
  }
  if (cache.size < 10_000) cache.set(key, result);
  return result;
}
