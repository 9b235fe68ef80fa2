import { HubError } from '../../core/errors';
import type { PullPage } from '../pipeline/source-adapter';
import type { PageQuery } from './client';
import type { NingboPageData } from './envelope';
import { formatLocalTimestamp, parseLocalTimestamp } from './local-time';

/**
 * Page walking with the hub's own watermark. 甬工惠 pages by pageNo over records ordered by
 * (gxsj, id) with gxsj >= gxsjStart, and a record that changes while a client pages moves to the
 * end of that order: walking pageNo 1, 2, 3… with one gxsjStart shifts every later record one
 * place forward, so the record at the next page's first place is skipped.
 *
 * So the hub never walks offsets across changing data. Every request is page 1 from the highest
 * gxsj it has seen (the watermark): records at exactly that second are read again (harmless: the
 * same version is a no-op), nothing before it can move in (a change moves a record to the end),
 * and a record that moved is met again at its new gxsj. The checkpoint stored with each page is
 * the highest gxsj of what has been stored; a sync starts a little before it (`overlapSeconds`)
 * to take in records an upstream commits late with an earlier gxsj.
 *
 * One case needs offsets: a full page whose records all share the gxsjStart second (a bulk
 * import stamped with one time). That group is walked by pageNo, then walked again until a pass
 * finds no record it had not seen, since a change inside the group can shift one past a page edge.
 */
export const EARLIEST_GXSJ = '1970-01-01 00:00:00';
export const DEFAULT_OVERLAP_SECONDS = 120;
/** Verification passes over a same-second group before moving on (each one re-reads the group). */
const MAX_GROUP_PASSES = 3;

export type FetchPage = (query: PageQuery) => Promise<NingboPageData>;

export interface WalkOptions {
  pageSize: number;
  overlapSeconds?: number;
}

interface Stamped {
  id: string;
  gxsj: string | null;
}

/** The record's id and its gxsj when that is a valid timestamp (others are the mapper's to reject). */
function stamp(raw: unknown, idField: string): Stamped {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const gxsj = typeof r.gxsj === 'string' && parseLocalTimestamp(r.gxsj) !== null ? r.gxsj : null;
  return { id: String(r[idField] ?? ''), gxsj };
}

function later(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

/** The gxsjStart a sync begins with: the checkpoint less the overlap, or the beginning of time. */
export function startOf(checkpoint: string | null, overlapSeconds: number): string {
  if (checkpoint === null) return EARLIEST_GXSJ;
  const ms = parseLocalTimestamp(checkpoint);
  if (ms === null) {
    throw new HubError('UPSTREAM_CONFIG', `the stored checkpoint "${checkpoint}" is not a gxsj timestamp (yyyy-MM-dd HH:mm:ss); delete it to read the resource again from the start`);
  }
  return formatLocalTimestamp(ms - overlapSeconds * 1000);
}

export async function* walkFromWatermark(
  fetchPage: FetchPage,
  idField: string,
  checkpoint: string | null,
  options: WalkOptions,
): AsyncGenerator<PullPage> {
  const { pageSize } = options;
  let start = startOf(checkpoint, options.overlapSeconds ?? DEFAULT_OVERLAP_SECONDS);
  let watermark = checkpoint;
  for (;;) {
    const page = await fetchPage({ pageNo: 1, pageSize, gxsjStart: start });
    if (page.list.length === 0) return;
    const stamps = page.list.map((r) => stamp(r, idField));
    const top = stamps.reduce<string | null>((m, s) => later(m, s.gxsj), null);
    watermark = later(watermark, top);
    yield { records: page.list, checkpoint: watermark ?? start };
    // Caught up when this page held every record from `start` on (or a short page cannot move on).
    if (page.list.length >= page.total || (page.list.length < pageSize && (top === null || top <= start))) return;
    if (top === null) {
      throw new HubError('UPSTREAM_ERROR', `a full page from gxsjStart ${start} has no record with a valid gxsj: cannot move the watermark`);
    }
    if (top > start) {
      start = top;
      continue;
    }
    // A page of records all stamped `start`, with more to come: walk that second's group by page number.
    const group = yield* walkSameSecondGroup(fetchPage, idField, start, pageSize, new Set(stamps.map((s) => s.id)), () => watermark ?? start);
    watermark = later(watermark, group.top);
    if (group.top === null || group.top <= start) {
      // The group ended the resource: everything at `start` is stored; the next sync starts there.
      return;
    }
    start = group.top;
  }
}

/**
 * Reads pages 2, 3… of the records stamped `second` until the order leaves that second, then
 * re-reads the group until a pass finds nothing new. Returns the highest gxsj seen (past the group
 * when the resource goes on).
 */
async function* walkSameSecondGroup(
  fetchPage: FetchPage,
  idField: string,
  second: string,
  pageSize: number,
  seen: Set<string>,
  checkpoint: () => string,
): AsyncGenerator<PullPage, { top: string | null }> {
  let top: string | null = second;
  for (let pass = 0, firstPage = 2; pass <= MAX_GROUP_PASSES; pass++, firstPage = 1) {
    let fresh = 0;
    for (let pageNo = firstPage; ; pageNo++) {
      const page = await fetchPage({ pageNo, pageSize, gxsjStart: second });
      const stamps = page.list.map((r) => stamp(r, idField));
      const unseen = page.list.filter((_, i) => stamps[i].gxsj !== second || !seen.has(stamps[i].id));
      for (const s of stamps) {
        if (s.gxsj === second && !seen.has(s.id)) {
          seen.add(s.id);
          fresh++;
        }
        top = later(top, s.gxsj);
      }
      if (unseen.length > 0) yield { records: unseen, checkpoint: checkpoint() };
      if (page.list.length < pageSize || stamps.some((s) => s.gxsj !== null && s.gxsj > second)) break;
    }
    // The first pass reads the group once; later passes only confirm that nothing slipped past.
    if (pass > 0 && fresh === 0) break;
  }
  return { top };
}
