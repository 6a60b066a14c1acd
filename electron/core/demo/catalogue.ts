/**
 * What the demo ledger is made of: Songjiang-style purchasers and the real products of the
 * default paired regions, with plausible units and prices (元).
 */
export interface DemoPurchaser {
  name: string;
  type: string;
  /** credit-code prefix matching the type (11 机关, 12 事业单位, 81 工会, 91 企业 …) */
  prefix: string;
  budgetUnit: boolean;
  street: string;
}

const STREETS = ['岳阳街道', '永丰街道', '方松街道', '中山街道', '广富林街道', '九里亭街道', '泗泾镇', '九亭镇', '洞泾镇', '车墩镇', '新桥镇', '佘山镇', '小昆山镇', '石湖荡镇', '新浜镇', '叶榭镇', '泖港镇'];

const RAW: [string, string, string, boolean][] = [
  ['上海市松江区机关事务管理局', '党政机关', '11', true],
  ['上海市松江区教育局', '党政机关', '11', true],
  ['上海市松江区卫生健康委员会', '党政机关', '11', true],
  ['上海市松江区农业农村委员会', '党政机关', '11', true],
  ['上海市松江区民政局', '党政机关', '11', true],
  ['上海市松江区财政局', '党政机关', '11', true],
  ['上海市松江区人民政府方松街道办事处', '党政机关', '11', true],
  ['上海市松江区泗泾镇人民政府', '党政机关', '11', true],
  ['上海市松江区九亭镇人民政府', '党政机关', '11', true],
  ['上海市松江区车墩镇人民政府', '党政机关', '11', true],
  ['上海市松江区图书馆', '事业单位', '12', true],
  ['上海市松江区疾病预防控制中心', '事业单位', '12', true],
  ['上海市松江区融媒体中心', '事业单位', '12', true],
  ['上海市松江区第一中学', '学校', '12', true],
  ['上海市松江二中', '学校', '12', true],
  ['上海市松江区实验小学', '学校', '12', true],
  ['上海市松江区九亭中学', '学校', '12', true],
  ['上海市松江区泗泾幼儿园', '学校', '12', true],
  ['上海市松江区中心医院', '医疗卫生机构', '12', true],
  ['上海市松江区泗泾医院', '医疗卫生机构', '12', true],
  ['上海市松江区中医医院', '医疗卫生机构', '12', true],
  ['上海市松江区妇幼保健院', '医疗卫生机构', '12', true],
  ['上海市松江区九亭镇社区卫生服务中心', '医疗卫生机构', '12', true],
  ['上海松江城市建设投资发展集团有限公司', '国有企业', '91', false],
  ['上海松江国有资产投资经营管理集团有限公司', '国有企业', '91', false],
  ['上海松江新城建设发展有限公司', '国有企业', '91', false],
  ['上海佘山国家旅游度假区开发有限公司', '国有企业', '91', false],
  ['上海松江水务集团有限公司', '国有企业', '91', false],
  ['上海华腾物流有限公司', '民营企业', '91', false],
  ['上海松畅食品有限公司', '民营企业', '91', false],
  ['上海九科智能装备有限公司', '民营企业', '91', false],
  ['上海泖港农产品专业合作社', '民营企业', '93', false],
  ['上海新桥精密机械有限公司', '外资企业', '91', false],
  ['上海市松江区总工会', '工会', '81', false],
  ['上海市松江区教育工会', '工会', '81', false],
  ['上海松江城市建设投资发展集团有限公司工会委员会', '工会', '81', false],
  ['上海市松江区中心医院工会委员会', '工会', '81', false],
  ['上海市松江区慈善基金会', '社会组织', '53', false],
  ['上海市松江区青年企业家协会', '社会组织', '51', false],
];

export const DEMO_PURCHASERS: DemoPurchaser[] = RAW.map(([name, type, prefix, budgetUnit], i) => ({
  name,
  type,
  prefix,
  budgetUnit,
  street: STREETS[i % STREETS.length],
}));

export interface DemoProduct {
  name: string;
  category: string;
  /** county code, or a prefecture prefix (4 digits) meaning any county of it */
  origin: string;
  unit: string;
  /** price range in 元 */
  price: [number, number];
  supplier: string;
  supplierKind: '企业' | '合作社' | '农户';
  inCatalogue: boolean;
}

export const DEMO_PRODUCTS: DemoProduct[] = [
  { name: '勐海普洱茶（熟茶饼）', category: '茶叶', origin: '532822', unit: '饼', price: [88, 368], supplier: '勐海县布朗山茶叶专业合作社', supplierKind: '合作社', inCatalogue: true },
  { name: '勐海古树红茶', category: '茶叶', origin: '532822', unit: '盒', price: [120, 280], supplier: '勐海茶业有限责任公司', supplierKind: '企业', inCatalogue: true },
  { name: '西双版纳小粒咖啡', category: '饮品酒水', origin: '532801', unit: '袋', price: [45, 98], supplier: '景洪市咖啡种植专业合作社', supplierKind: '合作社', inCatalogue: false },
  { name: '勐腊菠萝蜜', category: '水果', origin: '532823', unit: '公斤', price: [12, 26], supplier: '勐腊县热带水果专业合作社', supplierKind: '合作社', inCatalogue: false },
  { name: '昭通苹果', category: '水果', origin: '530602', unit: '箱', price: [68, 128], supplier: '昭通市昭阳区苹果产业协会', supplierKind: '合作社', inCatalogue: true },
  { name: '昭通天麻', category: '中药材', origin: '530627', unit: '盒', price: [158, 398], supplier: '彝良县天麻专业合作社', supplierKind: '合作社', inCatalogue: true },
  { name: '昭通高山马铃薯', category: '蔬菜', origin: '530621', unit: '公斤', price: [3.5, 6.8], supplier: '鲁甸县马铃薯种植户', supplierKind: '农户', inCatalogue: false },
  { name: '莎车巴旦木', category: '加工食品', origin: '653125', unit: '袋', price: [38, 78], supplier: '莎车县巴旦木专业合作社', supplierKind: '合作社', inCatalogue: true },
  { name: '叶城薄皮核桃', category: '加工食品', origin: '653126', unit: '公斤', price: [36, 68], supplier: '叶城县核桃产业有限公司', supplierKind: '企业', inCatalogue: true },
  { name: '泽普骏枣', category: '加工食品', origin: '653124', unit: '箱', price: [58, 128], supplier: '泽普县红枣专业合作社', supplierKind: '合作社', inCatalogue: true },
  { name: '巴楚留香瓜', category: '水果', origin: '653130', unit: '箱', price: [48, 98], supplier: '巴楚县瓜果种植户', supplierKind: '农户', inCatalogue: false },
  { name: '江孜青稞面', category: '粮油', origin: '540222', unit: '袋', price: [18, 39], supplier: '江孜县青稞加工专业合作社', supplierKind: '合作社', inCatalogue: true },
  { name: '定日牦牛肉干', category: '肉禽蛋', origin: '540223', unit: '盒', price: [88, 168], supplier: '定日县牦牛养殖专业合作社', supplierKind: '合作社', inCatalogue: true },
  { name: '萨迦藏香', category: '非遗文创', origin: '540224', unit: '盒', price: [35, 120], supplier: '萨迦县藏香手工作坊', supplierKind: '农户', inCatalogue: false },
  { name: '拉孜藏刀', category: '非遗文创', origin: '540225', unit: '把', price: [120, 480], supplier: '拉孜县藏刀手工艺专业合作社', supplierKind: '合作社', inCatalogue: false },
  { name: '亚东黑木耳', category: '菌菇', origin: '540233', unit: '袋', price: [32, 68], supplier: '亚东县木耳专业合作社', supplierKind: '合作社', inCatalogue: true },
  { name: '玛沁牦牛肉', category: '肉禽蛋', origin: '632621', unit: '公斤', price: [98, 148], supplier: '玛沁县生态畜牧业专业合作社', supplierKind: '合作社', inCatalogue: true },
  { name: '班玛藏雪蜂蜜', category: '加工食品', origin: '632622', unit: '瓶', price: [68, 138], supplier: '班玛县蜂业专业合作社', supplierKind: '合作社', inCatalogue: false },
  { name: '甘德藏系羊肉', category: '肉禽蛋', origin: '632623', unit: '公斤', price: [88, 128], supplier: '甘德县草畜专业合作社', supplierKind: '合作社', inCatalogue: false },
  { name: '久治牦牛酸奶', category: '饮品酒水', origin: '632625', unit: '箱', price: [58, 96], supplier: '久治县乳业有限公司', supplierKind: '企业', inCatalogue: false },
  { name: '万州玫瑰香橙', category: '水果', origin: '500101', unit: '箱', price: [45, 88], supplier: '重庆市万州区柑橘专业合作社', supplierKind: '合作社', inCatalogue: true },
  { name: '万州烤鱼调料', category: '加工食品', origin: '500101', unit: '袋', price: [12, 28], supplier: '重庆万州调味品有限公司', supplierKind: '企业', inCatalogue: false },
  { name: '夷陵蜜橘', category: '水果', origin: '420506', unit: '箱', price: [39, 79], supplier: '宜昌市夷陵区柑橘专业合作社', supplierKind: '合作社', inCatalogue: true },
  { name: '邓村绿茶', category: '茶叶', origin: '420506', unit: '盒', price: [98, 268], supplier: '宜昌邓村茶叶有限公司', supplierKind: '企业', inCatalogue: true },
  { name: '湄潭翠芽', category: '茶叶', origin: '520328', unit: '盒', price: [128, 398], supplier: '湄潭县茶叶专业合作社', supplierKind: '合作社', inCatalogue: true },
  { name: '遵义朝天椒', category: '蔬菜', origin: '520321', unit: '公斤', price: [18, 36], supplier: '播州区辣椒种植专业合作社', supplierKind: '合作社', inCatalogue: false },
  { name: '赤水竹笋', category: '蔬菜', origin: '520381', unit: '袋', price: [15, 32], supplier: '赤水市竹笋加工有限公司', supplierKind: '企业', inCatalogue: false },
  { name: '正安白茶', category: '茶叶', origin: '520324', unit: '盒', price: [88, 228], supplier: '正安县白茶专业合作社', supplierKind: '合作社', inCatalogue: false },
  { name: '昭通苦荞米', category: '粮油', origin: '5306', unit: '袋', price: [58, 98], supplier: '昭通高原粮油有限公司', supplierKind: '企业', inCatalogue: false },
  { name: '高原菜籽油', category: '粮油', origin: '5306', unit: '桶', price: [78, 138], supplier: '昭通高原粮油有限公司', supplierKind: '企业', inCatalogue: false },
];

/** Service consumption: staff recuperation trips to paired regions (疗休养). */
export const DEMO_TRIPS: { name: string; origin: string; pricePerPerson: [number, number] }[] = [
  { name: '职工疗休养（西双版纳）', origin: '532801', pricePerPerson: [2800, 4200] },
  { name: '职工疗休养（江孜）', origin: '540222', pricePerPerson: [4500, 6800] },
  { name: '职工疗休养（万州）', origin: '500101', pricePerPerson: [1800, 2800] },
  { name: '职工疗休养（遵义）', origin: '520302', pricePerPerson: [2200, 3200] },
];

/** Channel weights: canteens and the 832 platform carry most of it. */
export const DEMO_CHANNELS: [string, number][] = [
  ['食堂直采', 25], ['832平台', 15], ['工会福利', 14], ['专柜/专馆/专区', 10], ['电商平台', 10], ['消费帮扶生活馆', 8],
  ['百县百品直营店', 7], ['展销会', 5], ['批发市场', 3], ['以购代捐', 2], ['提货券', 1],
];
