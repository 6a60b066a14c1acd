/**
 * The city as the audit chain's witness (issue 15). A package carries the audit entries since
 * the previous package and its month's record digests (audit-extract.ts). From them:
 * - `verify new.zip --previous old.zip`: every carried entry's hash is recomputed with the app's
 *   own chain function, the entries link one to the next, the last is the new manifest's head,
 *   and the one after old's head chains onto it — so the new package's history extends the old
 *   one's, and two unrelated ledgers or a rewritten, re-chained history fail.
 * - `verify ledger --against pkg.zip`: the ledger still holds the package's head (same seq, same
 *   hash), and each record of the package is as submitted unless a later audited change explains it.
 */
import type { VerifyProblem } from '../../../shared/api';
import { entryHash, GENESIS_HASH, rowDigest } from '../db/audit-chain';
import type { ChainPoint } from '../db/audit-chain-walk';
import type { Db } from '../db/connection';
import { AUDIT_ENTRIES_FILE, RECORD_DIGESTS_FILE, type CarriedEntry, type RecordDigest } from './audit-extract';
import type { Manifest } from './manifest';
import { verifyPackage } from './verify';
import { readZip } from './zip';

/** Stop listing after this many broken entries: one is enough to fail. */
const MAX_LISTED = 20;

interface Opened {
  manifest: Manifest;
  /** the package's own problems (its files against its manifest) */
  problems: VerifyProblem[];
  files: Map<string, Uint8Array>;
}

/** A package read for the chain: its manifest, its own problems, and its audit files (null when unreadable). */
function open(bytes: Uint8Array): Opened | { problems: VerifyProblem[] } {
  const r = verifyPackage(bytes);
  if (!r.manifest) return { problems: r.problems };
  const files = readZip(bytes, (name) => name === AUDIT_ENTRIES_FILE || name === RECORD_DIGESTS_FILE);
  return { manifest: r.manifest, problems: r.problems, files };
}

function describe(m: Manifest): string {
  return `${m.office} ${m.period} 第 ${m.version} 版`;
}

function lines<T>(bytes: Uint8Array | undefined): T[] | null {
  if (!bytes) return null;
  try {
    return Buffer.from(bytes)
      .toString('utf8')
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l) as T);
  } catch {
    return null;
  }
}

function listed(m: Manifest, name: string): boolean {
  return m.files.some((f) => f.path === name);
}

/**
 * The carried entries of a package, checked on their own: each hash recomputed from its fields,
 * each linked to the one before, the last equal to the manifest's head. Problems are named; the
 * entries come back for the caller to compare with another package.
 */
function carriedChain(p: Opened, what: string): { entries: CarriedEntry[] | null; problems: VerifyProblem[] } {
  const problems: VerifyProblem[] = [];
  if (!listed(p.manifest, AUDIT_ENTRIES_FILE)) {
    return { entries: null, problems: [{ code: 'AUDIT_ENTRIES_MISSING', message: `${what}没有附带操作记录（${AUDIT_ENTRIES_FILE}），无法核对其操作记录链` }] };
  }
  const entries = lines<CarriedEntry>(p.files.get(AUDIT_ENTRIES_FILE));
  if (!entries) return { entries: null, problems: [{ code: 'AUDIT_ENTRIES_INVALID', message: `${what}所附的操作记录无法读取` }] };
  let prev: CarriedEntry | null = null;
  for (const e of entries) {
    if (problems.length >= MAX_LISTED) break;
    if (prev && e.seq !== prev.seq + 1) problems.push({ code: 'AUDIT_CHAIN_BROKEN', message: `${what}所附的操作记录缺少第 ${prev.seq + 1} 至 ${e.seq - 1} 条` });
    if (prev && e.prev_hash !== prev.hash) problems.push({ code: 'AUDIT_CHAIN_BROKEN', message: `${what}所附的第 ${e.seq} 条操作记录与前一条的链接不符` });
    if (entryHash(e.prev_hash, e) !== e.hash) problems.push({ code: 'AUDIT_CHAIN_BROKEN', message: `${what}所附的第 ${e.seq} 条操作记录的内容被改动过（哈希不符）` });
    prev = e;
  }
  const head = p.manifest.auditHead;
  const last = entries.at(-1);
  if (last && (last.seq !== head.seq || last.hash !== head.hash)) {
    problems.push({ code: 'AUDIT_HEAD_MISMATCH', message: `${what}所附操作记录的最后一条（第 ${last.seq} 条）不是清单记录的链头（第 ${head.seq} 条）` });
  }
  return { entries, problems };
}

/**
 * The chain part of `verify pkg.zip [--previous old.zip]`, given the package's manifest (already
 * read by verifyPackage). Without --previous the carried entries are checked on their own, when
 * the package has them; with it they must be there and extend the old package's head.
 */
export function verifyPackageChain(bytes: Uint8Array, manifest: Manifest, previousBytes?: Uint8Array): VerifyProblem[] {
  const next: Opened = { manifest, problems: [], files: readZip(bytes, (name) => name === AUDIT_ENTRIES_FILE) };
  if (!previousBytes) return listed(manifest, AUDIT_ENTRIES_FILE) ? carriedChain(next, '报送包').problems : [];
  const prev = open(previousBytes);
  const problems = prev.problems.map((p) => ({ ...p, message: `上一报送包：${p.message}` }));
  if (!('manifest' in prev)) return problems;
  const { entries, problems: own } = carriedChain(next, '报送包');
  problems.push(...own);
  if (!entries) return problems;

  const old = prev.manifest.auditHead;
  const head = manifest.auditHead;
  const was = `上一报送包（${describe(prev.manifest)}）`;
  if (head.seq < old.seq) {
    problems.push({ code: 'AUDIT_CHAIN_NOT_EXTENDED', message: `报送包的操作记录（到第 ${head.seq} 条）比${was}（到第 ${old.seq} 条）还短：不是同一本台账，或台账的历史被改写过` });
    return problems;
  }
  if (head.seq === old.seq) {
    if (head.hash !== old.hash) problems.push({ code: 'AUDIT_CHAIN_FORKED', message: `报送包与${was}的操作记录链头同为第 ${old.seq} 条，但哈希不同：不是同一本台账，或台账的历史被改写过` });
    return problems;
  }
  // The entry right after old's head must be carried, and must chain onto it.
  const after = entries.find((e) => e.seq === old.seq + 1);
  const at = entries.find((e) => e.seq === old.seq);
  if (at && at.hash !== old.hash) {
    problems.push({ code: 'AUDIT_CHAIN_FORKED', message: `报送包所附的第 ${old.seq} 条操作记录与${was}记录的链头不同：不是同一本台账，或台账的历史被改写过` });
  } else if (!after) {
    const first = entries[0]?.seq;
    problems.push({ code: 'AUDIT_CHAIN_GAP', message: `报送包没有附带${was}之后的第 ${old.seq + 1} 条操作记录${first ? `（所附的从第 ${first} 条开始）` : ''}，无法证明它接续上一报送包` });
  } else if (after.prev_hash !== old.hash) {
    problems.push({ code: 'AUDIT_CHAIN_FORKED', message: `报送包的操作记录没有接在${was}的末尾（第 ${after.seq} 条的前一哈希与上一报送包的链头不同）：不是同一本台账，或台账的历史被改写过` });
  }
  return problems;
}

/** `verify ledger --against pkg.zip`: the ledger still holds what the package vouched for. */
export function verifyLedgerAgainst(db: Db, name: string, bytes: Uint8Array): VerifyProblem[] {
  const pkg = open(bytes);
  if (!('manifest' in pkg)) return pkg.problems.map((p) => ({ ...p, message: `报送包“${name}”：${p.message}` }));
  const problems = pkg.problems.map((p) => ({ ...p, message: `报送包“${name}”：${p.message}` }));
  const what = `报送包“${name}”（${describe(pkg.manifest)}）`;
  const head: ChainPoint = pkg.manifest.auditHead;
  const held = head.seq === 0 ? GENESIS_HASH : (db.prepare('SELECT hash FROM audit_log WHERE seq = ?').pluck().get(head.seq) as string | undefined);
  if (held === undefined) {
    const last = (db.prepare('SELECT max(seq) FROM audit_log').pluck().get() as number | null) ?? 0;
    problems.push({ code: 'PACKAGE_HEAD_MISSING', message: `台账中已没有${what}记录的第 ${head.seq} 条操作记录（台账只到第 ${last} 条）：报送前已保存的修改丢失了` });
  } else if (held !== head.hash) {
    problems.push({ code: 'PACKAGE_HEAD_DIFFERS', message: `台账的第 ${head.seq} 条操作记录与${what}记录的不同：台账的历史在报送之后被改写过` });
  }

  if (!listed(pkg.manifest, RECORD_DIGESTS_FILE)) {
    problems.push({ code: 'RECORD_DIGESTS_MISSING', message: `${what}没有附带记录指纹（${RECORD_DIGESTS_FILE}），无法逐条核对` });
    return problems;
  }
  const digests = lines<RecordDigest>(pkg.files.get(RECORD_DIGESTS_FILE));
  if (!digests) {
    problems.push({ code: 'RECORD_DIGESTS_INVALID', message: `${what}所附的记录指纹无法读取` });
    return problems;
  }
  const row = db.prepare('SELECT * FROM records WHERE id = ?');
  const changedLater = db.prepare("SELECT 1 FROM audit_log WHERE entity = 'record' AND entity_id = ? AND seq > ? LIMIT 1").pluck();
  let found = 0;
  for (const d of digests) {
    const current = row.get(d.id) as Record<string, unknown> | undefined;
    if (current && rowDigest(current) === d.sha256) continue;
    if (changedLater.get(d.id, head.seq)) continue;
    problems.push({
      code: 'PACKAGE_RECORD_CHANGED',
      message: current ? `记录 ${d.id} 与${what}中的不同，而报送之后没有修改它的操作记录` : `${what}中的记录 ${d.id} 已不在台账中，而报送之后没有删除它的操作记录`,
      entity: 'record',
      entityId: d.id,
    });
    if (++found >= MAX_LISTED) break;
  }
  return problems;
}
