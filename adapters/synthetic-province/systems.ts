import type { City } from '../../schema/enums';

/**
 * Which upstream contract owns which records, and how each one numbers them.
 *
 * Ningbo (甬工惠) and Shaoxing ("互联网+") own their own cities' records where their contracts have
 * the resource; everything else is the provincial platform's (浙江数字工会):
 * - Ningbo's contract has no enterprises: Ningbo's enterprises are in the provincial database.
 * - Shaoxing's contract has no activities or dues: Shaoxing unions' activities and dues are
 *   recorded on the provincial platform (where dues are paid online).
 * - The province root federation (浙江省总工会) belongs to no city and is provincial.
 * Records may therefore point across systems (a provincial activity → a SXGH union): ids are
 * unique across systems thanks to their prefixes.
 */
export const SYSTEMS = ['zhejiang-digital-union', 'ningbo-yonggonghui', 'shaoxing-internet-plus'] as const;
export type SystemName = (typeof SYSTEMS)[number];

export const PROVINCE_SYSTEM: SystemName = 'zhejiang-digital-union';

/** The data file's record families; dues are activities of kind DUES but Ningbo serves them apart. */
export const RECORD_KINDS = ['unions', 'enterprises', 'members', 'activities', 'dues', 'stations', 'applications'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export function ownerOf(kind: RecordKind, city: City | null): SystemName {
  if (city === 'NINGBO' && kind !== 'enterprises' && kind !== 'applications') return 'ningbo-yonggonghui';
  if (city === 'SHAOXING' && kind !== 'activities' && kind !== 'dues') return 'shaoxing-internet-plus';
  if (kind === 'applications') throw new Error('formation applications exist only in Shaoxing');
  return PROVINCE_SYSTEM;
}

interface IdFormat {
  prefix: string;
  digits: number;
}

/** Prefix and width per system and kind, as in the contracts' examples (NBGH0001234, SXHY0000123…). */
const ID_FORMATS: Record<SystemName, Partial<Record<RecordKind, IdFormat>>> = {
  'zhejiang-digital-union': {
    unions: { prefix: 'ZJGH', digits: 7 },
    enterprises: { prefix: 'ZJQY', digits: 7 },
    members: { prefix: 'ZJHY', digits: 8 },
    activities: { prefix: 'ZJHD', digits: 9 },
    // The provincial contract serves dues as activities: one number series for both.
    dues: { prefix: 'ZJHD', digits: 9 },
    stations: { prefix: 'ZJZD', digits: 6 },
  },
  'ningbo-yonggonghui': {
    unions: { prefix: 'NBGH', digits: 7 },
    members: { prefix: 'NB', digits: 8 },
    activities: { prefix: 'NBHD', digits: 8 },
    dues: { prefix: 'NBJF', digits: 8 },
    stations: { prefix: 'NBZD', digits: 6 },
  },
  'shaoxing-internet-plus': {
    unions: { prefix: 'SXGH', digits: 6 },
    enterprises: { prefix: 'SXQY', digits: 6 },
    members: { prefix: 'SXHY', digits: 7 },
    stations: { prefix: 'SXZD', digits: 6 },
    applications: { prefix: 'SXSQ', digits: 6 },
  },
};

/** The province federation's fixed id; sequences start at 1. */
export const PROVINCE_ROOT_ID = 'ZJGH0000000';

/** Hands out sequential ids per (system, kind), starting at 1. */
export class IdAllocator {
  private readonly counters = new Map<string, number>();

  next(system: SystemName, kind: RecordKind): string {
    const format = ID_FORMATS[system][kind];
    if (!format) throw new Error(`${system} has no ${kind}`);
    const key = format.prefix;
    const n = this.counters.get(key) ?? 1;
    this.counters.set(key, n + 1);
    const text = String(n);
    if (text.length > format.digits) throw new Error(`${format.prefix} ids exhausted at ${n}: scale too large`);
    return format.prefix + text.padStart(format.digits, '0');
  }
}
