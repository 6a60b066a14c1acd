/**
 * Storing many files at once (a drop of hundreds of invoices, a catalogue's scans) and linking
 * them, with the guarantee putFile gives one file — written to a temporary name, flushed, then
 * renamed to its hash; nothing linked before its bytes are on disk — without paying a flush
 * per file.
 *
 * The order is chosen so that the slow waits overlap work:
 *   1. every file is written to a temporary name in `<files>/.tmp/`;
 *   2. the disk is asked to flush them (flush.ts: one flush of the file system, not one per
 *      file), and while it does, every file is hashed here (CPU only, no file system) and the
 *      caller's `link` writes its rows in a transaction it does not commit yet;
 *   3. once the flush is done the bytes are safe: the renames to `<files>/ab/<sha256>` are
 *      started (in the background, on libuv's threads) and the transaction commits meanwhile.
 *
 * The renames are not flushed before the links commit. A crash can then leave a linked file
 * whole in `.tmp/` under its temporary name instead of under its hash: `placeInterrupted`
 * (recover.ts) finds it by hashing what `.tmp/` holds and finishes the rename when the ledger
 * is next opened, and before `cleanup` looks at `.tmp/`. That saves a second flush and lets
 * the renames overlap the transaction (docs/status.md has the measurements).
 *
 * A file at a hash name is therefore always whole: it got there by a rename of flushed bytes.
 * Renaming onto a file already stored is harmless for the same reason (same bytes, and a copy
 * that was changed outside the app is mended), so nothing is stat'ed first.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { flushFiles } from './flush';
import { sniffMime } from './sniff';
import { checkAttachmentBytes, fileStatus, sha256Of, storeError, storedPath, tmpDirOf, type StoredFile } from './store';

/**
 * Folders made or being made (`.tmp` and the 256 shards `00`…`ff`), per path. A failed one is
 * forgotten, so the next call tries again.
 */
const madeDirs = new Map<string, Promise<void>>();
function ensureDir(dir: string): Promise<void> {
  let made = madeDirs.get(dir);
  if (!made) {
    made = fs.promises.mkdir(dir, { recursive: true }).then(() => undefined);
    made.catch(() => madeDirs.delete(dir));
    madeDirs.set(dir, made);
  }
  return made;
}

const SHARDS = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * Starts making every shard folder a rename may need, the first time a process stores into
 * `filesDir`: on libuv's threads while this one writes the temporary files. Made later, per
 * file, they would queue behind the flush's journal commit (measured: tens of ms per drop).
 */
function layOut(filesDir: string): void {
  for (const shard of SHARDS) ensureDir(path.join(filesDir, shard));
}

/**
 * Makes the store's folders (`.tmp` and the 256 shards) right away: called when a ledger is
 * created, so that its first drop of files does not also pay for 257 new folders (each costs
 * as much as writing a file's worth of data on some file systems). Best effort: a folder that
 * cannot be made now is made, or its error reported, when a file first needs it.
 */
export function layOutStore(filesDir: string): void {
  try {
    for (const dir of [tmpDirOf(filesDir), ...SHARDS.map((shard) => path.join(filesDir, shard))]) fs.mkdirSync(dir, { recursive: true });
  } catch {
    // see above
  }
}

/**
 * Moves a flushed temporary file to its hash name. If that fails, what counts is whether an
 * intact copy ends up there: the folder may have been removed since (made again), or another
 * process finishing interrupted renames (recover.ts) may have moved this very file already.
 */
async function place(tmp: string, target: string, filesDir: string, sha256: string): Promise<void> {
  try {
    await fs.promises.rename(tmp, target);
    return;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && fs.existsSync(tmp)) {
      madeDirs.delete(path.dirname(target));
      await ensureDir(path.dirname(target));
      try {
        await fs.promises.rename(tmp, target);
        return;
      } catch {
        // judged below
      }
    }
    if (fileStatus(filesDir, sha256) !== 'ok') throw err;
    await fs.promises.rm(tmp, { force: true });
  }
}

/**
 * Stores `files` and links them with `link`, in the order given; identical files in the list
 * are stored once. Returns what `link` returns.
 *
 * `link` gets what was stored and `durable`, and must not commit before `durable` resolves
 * (session.writeWhen does exactly that): it writes its rows while the disk is still flushing
 * the files, and commits once they are safe. If `durable` rejects, nothing was linked, the
 * temporary files are removed and the error names the file. If `link` fails after that, the
 * files already placed are whole orphans for `cleanup`. If a rename fails after `link`
 * committed, its file stays whole in `.tmp/` for `placeInterrupted`, and the error says which.
 */
export async function putFiles<T>(
  filesDir: string,
  files: { bytes: Uint8Array; name: string }[],
  link: (stored: StoredFile[], durable: Promise<void>) => Promise<T>,
): Promise<T> {
  for (const f of files) checkAttachmentBytes(f.bytes, f.name);
  if (files.length === 0) return link([], Promise.resolve());
  const tmpDir = tmpDirOf(filesDir);
  const tmps: string[] = [];
  const removeTemps = () => {
    for (const tmp of tmps) fs.rmSync(tmp, { force: true });
  };
  /** The file being written or hashed when something fails, for the message; else all of them. */
  let current = '';
  const allNames = () => files.map((f) => f.name).join('、');
  /** Index of the first file with each hash: the others' temporary copies are just removed. */
  const firstOf = new Map<string, number>();
  let stored: StoredFile[];
  let flushed: Promise<unknown> | undefined;
  const folders: Promise<{ name: string; err: unknown } | null>[] = [];
  try {
    await ensureDir(tmpDir);
    layOut(filesDir);
    for (const { bytes, name } of files) {
      current = name;
      const tmp = path.join(tmpDir, `${process.pid}-${crypto.randomBytes(8).toString('hex')}`);
      tmps.push(tmp);
      fs.writeFileSync(tmp, bytes, { flag: 'wx' });
    }
    flushed = flushFiles(tmps);
    flushed.catch(() => {}); // awaited below; hashing must not leave it unhandled if it throws first
    // Each hash's folder must be there before anything is linked: a file where a folder should
    // be fails the drop, naming the first file that needed it.
    stored = files.map(({ bytes, name }, i) => {
      current = name;
      const file = { sha256: sha256Of(bytes), size: bytes.length, mime: sniffMime(bytes) };
      if (!firstOf.has(file.sha256)) {
        firstOf.set(file.sha256, i);
        folders.push(ensureDir(path.dirname(storedPath(filesDir, file.sha256))).then(() => null, (err: unknown) => ({ name, err })));
      }
      return file;
    });
  } catch (err) {
    await flushed?.catch(() => {});
    removeTemps();
    throw storeError(err, current || allNames(), filesDir);
  }

  const durable = (async () => {
    try {
      await flushed;
    } catch (err) {
      throw storeError(err, allNames(), filesDir);
    }
    const blocked = (await Promise.all(folders)).find((f) => f !== null);
    if (blocked) throw storeError(blocked.err, blocked.name, filesDir);
  })();
  // Once the bytes are safe, the renames start (on libuv's threads) just before `link` commits.
  let failed: { name: string; err: unknown } | null = null;
  let placing: Promise<unknown> | null = null;
  let abandoned = false;
  const placeAll = () =>
    Promise.all(
      files.map(async ({ name }, i) => {
        const { sha256 } = stored[i];
        try {
          if (firstOf.get(sha256) !== i) await fs.promises.rm(tmps[i], { force: true });
          else await place(tmps[i], storedPath(filesDir, sha256), filesDir, sha256);
        } catch (err) {
          failed ??= { name, err };
        }
      }),
    );
  const ready = durable.then(() => {
    if (!abandoned) placing = placeAll();
  });
  ready.catch(() => {}); // `link` awaits it; if `link` fails first, no one else does

  let linked: T;
  try {
    linked = await link(stored, ready);
  } catch (err) {
    if (placing) {
      await placing;
      throw err;
    }
    // Nothing was placed: the flush failed, or `link` did before it was done.
    abandoned = true;
    await durable.catch(() => {});
    removeTemps();
    throw err;
  }
  await placing;
  if (failed) {
    const { name, err } = failed as { name: string; err: unknown };
    throw storeError(err, name, filesDir);
  }
  return linked;
}
