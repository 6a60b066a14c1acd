/**
 * Files between preview and commit. The preview parses once; the commit uses that same
 * parse (and the user's corrections), so what was shown is exactly what is written.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/result';
import type { ImportParse } from '../imports/types';

interface Staged {
  content: Uint8Array;
  parse: ImportParse;
  at: number;
}

/** A few files at once (a folder of a month's workbooks); the oldest go first. */
const MAX_STAGED = 40;
const staged = new Map<string, Staged>();

export function stage(content: Uint8Array, parse: ImportParse): string {
  const id = randomUUID();
  staged.set(id, { content, parse, at: Date.now() });
  while (staged.size > MAX_STAGED) staged.delete(staged.keys().next().value as string);
  return id;
}

export function getStaged(id: string): Staged {
  const s = staged.get(id);
  if (!s) throw new AppError('STAGE_EXPIRED', '预览已过期，请重新选择文件');
  return s;
}

export function restage(id: string, parse: ImportParse): void {
  const s = getStaged(id);
  staged.set(id, { ...s, parse });
}

export function unstage(id: string): void {
  staged.delete(id);
}
