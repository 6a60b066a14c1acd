/**
 * A seeded generator of realistic demo data. Records stream from a generator so a million of
 * them never sit in memory; the same seed and date range give the same ledger.
 */
import type { Product, Purchaser, Supplier } from '../../../shared/domain/lists';
import type { County } from '../../../shared/domain/reference';
import type { RecordValues } from '../../../shared/domain/record';
import { makeCreditCode } from '../../../shared/credit-code';
import { isoDate } from '../../../shared/dates';
import { DEMO_CHANNELS, DEMO_PRODUCTS, DEMO_PURCHASERS, DEMO_TRIPS, type DemoProduct } from './catalogue';

const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** mulberry32: small, fast, good enough for demo data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DemoInput {
  rows: number;
  seed: number;
  /** the office's paired counties; products from elsewhere are left out */
  pairedCountyCodes: string[];
  counties: County[];
  /** inclusive ISO dates; default: the 12 months up to today */
  startDate?: string;
  endDate?: string;
}

export interface DemoData {
  purchasers: Omit<Purchaser, 'id'>[];
  suppliers: Omit<Supplier, 'id'>[];
  products: Omit<Product, 'id'>[];
  records: Iterable<RecordValues>;
}

function defaultRange(): [string, string] {
  const now = new Date();
  const start = new Date(now.getFullYear(), now.getMonth() - 11, 1);
  return [isoDate(start.getFullYear(), start.getMonth() + 1, 1), isoDate(now.getFullYear(), now.getMonth() + 1, now.getDate())];
}

function dayNumber(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;
}

export function generateDemo(input: DemoInput): DemoData {
  const rand = random(input.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const between = (lo: number, hi: number) => lo + rand() * (hi - lo);
  const paired = new Set(input.pairedCountyCodes);
  const countiesOf = (origin: string) =>
    origin.length === 6 ? [origin] : input.counties.filter((c) => c.code.startsWith(origin) && paired.has(c.code)).map((c) => c.code);

  const products: (DemoProduct & { counties: string[] })[] = DEMO_PRODUCTS.map((p) => ({ ...p, counties: countiesOf(p.origin).filter((c) => paired.has(c)) })).filter(
    (p) => p.counties.length > 0,
  );
  const trips = DEMO_TRIPS.filter((t) => paired.has(t.origin));
  if (products.length === 0) throw new Error('no demo product comes from the paired counties');

  const creditCode = (prefix: string) => makeCreditCode(prefix, `310117${Array.from({ length: 9 }, () => pick([...CODE_CHARS])).join('')}`);
  const purchasers = DEMO_PURCHASERS.map((p) => ({ ...p, creditCode: creditCode(p.prefix) }));
  const supplierNames = [...new Set(products.map((p) => p.supplier))];
  const suppliers: Omit<Supplier, 'id'>[] = supplierNames.map((name) => {
    const p = products.find((x) => x.supplier === name)!;
    return {
      name,
      creditCode: p.supplierKind === '农户' ? null : creditCode(p.supplierKind === '合作社' ? '93' : '91'),
      countyCode: p.counties[0],
      kind: p.supplierKind,
      households: p.supplierKind === '企业' ? null : Math.floor(between(8, 260)),
    };
  });
  const channelTotal = DEMO_CHANNELS.reduce((s, [, w]) => s + w, 0);
  const channel = () => {
    let r = rand() * channelTotal;
    for (const [name, w] of DEMO_CHANNELS) if ((r -= w) < 0) return name;
    return DEMO_CHANNELS[0][0];
  };
  const [start, end] = input.startDate && input.endDate ? [input.startDate, input.endDate] : defaultRange();
  const firstDay = dayNumber(start);
  const days = dayNumber(end) - firstDay + 1;
  const unions = purchasers.filter((p) => p.type === '工会');

  function* records(): Generator<RecordValues> {
    let serial = 1;
    for (let i = 0; i < input.rows; i++) {
      const d = new Date((firstDay + Math.floor(rand() * days)) * 86_400_000);
      const date = isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
      const ch = channel();
      const buyer = ch === '工会福利' && unions.length ? pick(unions) : pick(purchasers);
      const yy = date.slice(2, 4);
      const invoiceNo = rand() < 0.1 ? String(10_000_000 + Math.floor(rand() * 89_999_999)) : `${yy}532000${String(serial++).padStart(12, '0')}`;
      if (trips.length && rand() < 0.04) {
        const trip = pick(trips);
        const persons = 10 + Math.floor(rand() * 40);
        const perFen = Math.round(between(...trip.pricePerPerson)) * 100;
        yield {
          date, purchaserName: buyer.name, creditCode: buyer.creditCode, purchaserType: buyer.type,
          productName: trip.name, category: '其他', originCode: trip.origin, supplierName: '当地文旅服务有限公司',
          quantity: persons, unit: '人次', unitPrice: perFen / 100, amountFen: persons * perFen, channel: '其他',
          invoiceNo, households: null, kind: '服务', personTimes: persons, orderNo: null, remark: '疗休养',
        };
        continue;
      }
      const p = pick(products);
      const priceFen = Math.round(between(p.price[0], p.price[1]) * 100);
      const quantity = ch === '食堂直采' || ch === '批发市场' ? 20 + Math.floor(rand() * 480) : 1 + Math.floor(rand() * 60);
      yield {
        date, purchaserName: buyer.name, creditCode: buyer.creditCode, purchaserType: buyer.type,
        productName: p.name, category: p.category, originCode: pick(p.counties), supplierName: p.supplier,
        quantity, unit: p.unit, unitPrice: priceFen / 100, amountFen: quantity * priceFen, channel: ch,
        invoiceNo, households: p.supplierKind === '企业' ? null : 1 + Math.floor(rand() * 25), kind: '货物', personTimes: null,
        orderNo: ch === '832平台' ? `832${date.replace(/-/g, '')}${String(i).padStart(8, '0')}` : null,
        remark: null,
      };
    }
  }

  return {
    purchasers: purchasers.map(({ name, type, budgetUnit, street, creditCode: code }) => ({ name, creditCode: code, type, budgetUnit, street, employerId: null })),
    suppliers,
    products: products.map((p) => ({ name: p.name, category: p.category, originCode: p.counties[0], supplierName: p.supplier, inCatalogue: p.inCatalogue })),
    records: { [Symbol.iterator]: records },
  };
}
