/**
 * Parser fuzzing through the real import path (imports/file: the zip guard, the parse worker
 * with its time and heap limits, the one-transaction commit): mutated copies of real unit
 * files — bit flips, truncations, inserted bytes, a corrupted zip entry. The process never
 * crashes, no file takes over 5 seconds (a safety limit, not a benchmark), and a file that
 * fails leaves the ledger exactly as it was. CI runs 60 files; `npm run soak` runs 2,000.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { TEAM_FIXTURES } from '../support/fixtures';
import { coreWithLedger } from './support';

const COUNT = process.env.SOAK === '1' ? 2000 : 60;

/** A small deterministic PRNG (mulberry32), so a failing case can be replayed by its index. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seeds(): { name: string; bytes: Uint8Array }[] {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['日期', '购买主体', '产品名称', '产地', '金额'], ['2021-11-05', '区教育局', '普洱茶', '勐海县', 100]]), '明细');
  return [
    { name: 'hospital.xlsx', bytes: new Uint8Array(fs.readFileSync(path.join(TEAM_FIXTURES, 'sample-hospital-2021-11.xlsx'))) },
    { name: 'union.csv', bytes: new Uint8Array(fs.readFileSync(path.join(TEAM_FIXTURES, 'sample-union-2021-12-gbk.csv'))) },
    { name: 'small.xlsx', bytes: new Uint8Array(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' })) },
  ];
}

function mutate(bytes: Uint8Array, random: () => number): Uint8Array {
  const pick = (n: number) => Math.floor(random() * n);
  const out = new Uint8Array(bytes);
  switch (pick(4)) {
    case 0: // flip a few bits anywhere
      for (let i = pick(10) + 1; i > 0; i--) out[pick(out.length)] ^= 1 << pick(8);
      return out;
    case 1: // cut it short
      return out.subarray(0, pick(out.length));
    case 2: {
      // insert random bytes
      const at = pick(out.length);
      const junk = Uint8Array.from({ length: pick(64) + 1 }, () => pick(256));
      return Uint8Array.from([...out.subarray(0, at), ...junk, ...out.subarray(at)]);
    }
    default: {
      // overwrite a block in the middle (a damaged zip entry, for xlsx)
      const at = pick(out.length);
      for (let i = at; i < Math.min(out.length, at + pick(512) + 1); i++) out[i] = pick(256);
      return out;
    }
  }
}

describe('import fuzzing', () => {
  it(`survives ${COUNT} mutated files: no crash, none over 5 s, nothing changed by a failure`, async () => {
    const { core } = await coreWithLedger();
    const db = core.ctx.ledger!.db;
    const state = () => db.prepare("SELECT (SELECT count(*) FROM records) AS records, (SELECT coalesce(max(seq), 0) FROM audit_log) AS head").get();
    const base = seeds();
    const random = rng(20261123);
    const outcomes: Record<string, number> = {};
    let slowest = 0;
    for (let i = 0; i < COUNT; i++) {
      const seed = base[i % base.length];
      const bytes = mutate(seed.bytes, random);
      const before = state();
      const t = performance.now();
      const r = await core.call('imports/file', { fileName: `fuzz-${i}-${seed.name}`, content: bytes });
      const ms = performance.now() - t;
      slowest = Math.max(slowest, ms);
      expect(ms, `file ${i} (${seed.name}) took ${ms.toFixed(0)} ms`).toBeLessThan(5000);
      const key = r.status === 'failed' ? r.error!.code : r.status;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
      if (r.status !== 'imported') expect(state(), `file ${i} (${seed.name}) ${key}`).toEqual(before);
    }
    expect((await core.call('verify/ledger', {})).ok).toBe(true);
    console.info(`fuzz: ${COUNT} files, slowest ${slowest.toFixed(0)} ms, outcomes ${JSON.stringify(outcomes)}`);
  }, process.env.SOAK === "1" ? 3_600_000 : 300_000);
});
