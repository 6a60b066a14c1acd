/**
 * `verify package.zip`: every file against the manifest (nothing missing, changed or added),
 * and every figure recomputed from the contents (verify-figures.ts).
 */
import type { VerifyProblem } from '../../../shared/api';
import { describeFile, MANIFEST_NAME, OLDER_PACKAGE_FORMAT, PACKAGE_FORMAT, type Manifest } from './manifest';
import { verifyFigures, type FiguresResult } from './verify-figures';
import { readZip } from './zip';

export function verifyPackage(bytes: Uint8Array): { ok: boolean; problems: VerifyProblem[]; manifest: Manifest | null } & Partial<Omit<FiguresResult, 'problems'>> {
  const problems: VerifyProblem[] = [];
  let files: Map<string, Uint8Array>;
  try {
    files = readZip(bytes);
  } catch (err) {
    const e = err as { code?: string; message?: string };
    return { ok: false, problems: [{ code: 'PACKAGE_UNREADABLE', message: `报送包无法读取：${e.message ?? String(err)}` }], manifest: null };
  }
  const raw = files.get(MANIFEST_NAME);
  if (!raw) return { ok: false, problems: [{ code: 'MANIFEST_MISSING', message: '报送包中没有 manifest.json，无法核对' }], manifest: null };
  let manifest: Manifest;
  try {
    manifest = JSON.parse(Buffer.from(raw).toString('utf8')) as Manifest;
    if ((manifest.format !== PACKAGE_FORMAT && manifest.format !== OLDER_PACKAGE_FORMAT) || !Array.isArray(manifest.files)) throw new Error('format');
  } catch {
    return { ok: false, problems: [{ code: 'MANIFEST_INVALID', message: 'manifest.json 不是本程序生成的报送包清单' }], manifest: null };
  }
  const listed = new Set<string>();
  for (const f of manifest.files) {
    listed.add(f.path);
    const content = files.get(f.path);
    if (!content) {
      problems.push({ code: 'FILE_MISSING', message: `清单中的文件“${f.path}”不在包中` });
      continue;
    }
    const actual = describeFile(f.path, content);
    if (actual.sha256 !== f.sha256 || actual.size !== f.size) {
      problems.push({ code: 'FILE_CHANGED', message: `文件“${f.path}”与清单不符（SHA-256 应为 ${f.sha256.slice(0, 12)}…，实为 ${actual.sha256.slice(0, 12)}…）` });
    }
  }
  for (const name of files.keys()) {
    if (name !== MANIFEST_NAME && !listed.has(name)) problems.push({ code: 'FILE_ADDED', message: `包中多出清单之外的文件“${name}”` });
  }
  const figures = verifyFigures(files, manifest);
  problems.push(...figures.problems);
  return { ok: problems.length === 0, problems, manifest, figures: figures.figures, forced: figures.forced, olderFormat: figures.olderFormat };
}
