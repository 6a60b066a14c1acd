/**
 * Where the grid's pages start, without walking from the top (keyset paging). A page far down
 * a million records read with `LIMIT 100 OFFSET 999900` makes SQLite step over every row before
 * it. An anchor is what is known of one row of a view: its position and its sort key (the
 * ORDER BY values, the id last). The next page after it starts with a seek into the index:
 * `WHERE (key columns) > (anchor) ORDER BY … LIMIT ? OFFSET <rows between>`. Anchors come from
 * the pages served and from hops (one row every HOP rows, read on the way to a far place), so
 * that every later jump anywhere in the view walks at most HOP rows. Pure: no SQL here.
 */

export interface Anchor {
  /** the row's position in the view (0 = first row) */
  pos: number;
  /** its ORDER BY values, in ORDER BY order (the id last) */
  key: readonly unknown[];
}

/** Rows a hop walks: the most any page read walks once the anchors are laid. */
export const HOP = 10_000;

/** Anchors kept per view: 100 hops lay a million rows; pages served add one each. */
const MAX_ANCHORS = 2_000;

export class Anchors {
  private list: Anchor[] = [];

  get size(): number {
    return this.list.length;
  }

  /** The anchor nearest before `pos` (strictly before: the page starts after it), or null. */
  before(pos: number): Anchor | null {
    const at = this.indexOf(pos);
    return at > 0 ? this.list[at - 1] : null;
  }

  /** Remembers the row at `pos`; a key with a NULL cannot be sought past (see `afterAnchorSql`) and is not kept. */
  remember(pos: number, key: readonly unknown[]): void {
    if (key.some((v) => v === null || v === undefined)) return;
    if (this.list.length >= MAX_ANCHORS) this.list = this.list.filter((_, i) => i % 2 === 0);
    const at = this.indexOf(pos);
    if (this.list[at]?.pos === pos) this.list[at] = { pos, key };
    else this.list.splice(at, 0, { pos, key });
  }

  clear(): void {
    this.list = [];
  }

  /** The index of the first anchor at `pos` or after it. */
  private indexOf(pos: number): number {
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.list[mid].pos < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

export interface OrderTerm {
  /** the ORDER BY expression (a column, or the pinyin key of a name) */
  expr: string;
  dir: 'ASC' | 'DESC';
}

/**
 * The rows after an anchor, as SQL with one `?` per term, or null where a seek could skip rows.
 * A row value `(a, …, id) > (?, …, ?)` is exactly "after the anchor" in ascending order: NULLs
 * sort first there, so a row whose comparison meets a NULL is before a NULL-free anchor, and
 * SQLite leaves it out. Descending, NULLs come last and such a row is after the anchor yet left
 * out; a descending view therefore pages with OFFSET (unless its only term is the id, never NULL).
 */
export function afterAnchorSql(terms: readonly OrderTerm[]): string | null {
  if (terms.length === 0) return null;
  const dir = terms[0].dir;
  if (terms.some((t) => t.dir !== dir)) return null;
  if (dir === 'DESC' && terms.length > 1) return null;
  const op = dir === 'ASC' ? '>' : '<';
  if (terms.length === 1) return `${terms[0].expr} ${op} ?`;
  return `(${terms.map((t) => t.expr).join(', ')}) ${op} (${terms.map(() => '?').join(', ')})`;
}

/** One read toward a page: from an anchor (or the top) skip `offset` rows and take `limit`. */
export interface Step {
  from: Anchor | null;
  offset: number;
  limit: number;
}

/**
 * The hop that should come before reading rows from `start`, or null when the nearest anchor
 * is close enough (or hops are not allowed: a view whose order SQLite sorts per query, where
 * each hop would sort the whole view again). A hop reads the one row HOP rows after the anchor.
 */
export function nextHop(from: Anchor | null, start: number, hopsAllowed: boolean): Step | null {
  const skipped = start - (from ? from.pos + 1 : 0);
  if (!hopsAllowed || skipped <= HOP) return null;
  return { from, offset: HOP - 1, limit: 1 };
}

/** The read of the page itself, from the nearest anchor before it. */
export function pageStep(from: Anchor | null, start: number, limit: number): Step {
  return { from, offset: start - (from ? from.pos + 1 : 0), limit };
}
