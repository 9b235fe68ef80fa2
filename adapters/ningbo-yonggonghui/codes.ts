import type {
  ActivityKind, Facility, Gender, IdType, JoinChannel, MemberStatus, Occupation, StationKind, UnionType, UpgradeStatus,
} from '../../schema/enums';

/**
 * 甬工惠's code tables (city-apis/ningbo-yonggonghui.md), each in both directions: the mapper
 * decodes upstream codes to canonical enums, the simulator encodes canonical rows back.
 */
export class CodeTable<V extends string | null> {
  private readonly byValue: Map<V, string>;

  constructor(readonly name: string, private readonly byCode: Readonly<Record<string, V>>) {
    this.byValue = new Map(Object.entries(byCode).map(([code, value]) => [value, code]));
  }

  get codes(): string[] {
    return Object.keys(this.byCode);
  }

  has(code: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.byCode, code);
  }

  /** The canonical value of a code; undefined for a code the table does not have. */
  decode(code: string): V | undefined {
    return this.has(code) ? this.byCode[code] : undefined;
  }

  /** The code of a canonical value (the simulator renders with it). */
  encode(value: V): string {
    const code = this.byValue.get(value);
    if (code === undefined) throw new Error(`${this.name} has no code for ${String(value)}`);
    return code;
  }
}

/** `ghlx` 工会类型 */
export const UNION_TYPE = new CodeTable<UnionType>('ghlx', {
  '1': 'GRASSROOTS', '2': 'JOINT_GRASSROOTS', '3': 'REGIONAL_FEDERATION', '9': 'FEDERATION',
});

/** `zjlx` 证件类型 */
export const ID_TYPE = new CodeTable<IdType>('zjlx', {
  '01': 'RESIDENT_ID', '02': 'HK_MACAO_PERMIT', '03': 'TAIWAN_PERMIT', '04': 'PASSPORT',
});

/** `xb` 性别 (GB/T 2261.1): "9" is 未说明 (unstated), which the canonical model has no value for. */
export const GENDER = new CodeTable<Gender | null>('xb', { '1': 'MALE', '2': 'FEMALE', '9': null });

/** `rhqd` 入会渠道 */
export const JOIN_CHANNEL = new CodeTable<JoinChannel>('rhqd', { '1': 'ONLINE', '2': 'QR_CODE', '3': 'OFFLINE', '4': 'BULK' });

/** `zybs` 职业标识 */
export const OCCUPATION = new CodeTable<Occupation>('zybs', {
  KDY: 'COURIER', WMQS: 'FOOD_DELIVERY', WYCSJ: 'RIDE_HAILING', CZCSJ: 'TAXI', HCSJ: 'TRUCK_DRIVER',
  JZFW: 'DOMESTIC_SERVICE', QT: 'OTHER',
});

/** `hyzt` 会员状态 */
export const MEMBER_STATUS = new CodeTable<MemberStatus>('hyzt', { '1': 'ACTIVE', '2': 'TRANSFERRED_OUT', '3': 'LEFT' });

/** `hdlx` 活动类型 (dues are a resource of their own, /dues) */
export const ACTIVITY_KIND = new CodeTable<Exclude<ActivityKind, 'DUES'>>('hdlx', {
  HY: 'MEETING', HD: 'EVENT', WQ: 'RIGHTS_CASE', SQL: 'SUMMER_COOLING', TJ: 'CHECKUP',
});

/** `zdlx` 阵地类型 */
export const STATION_KIND = new CodeTable<StationKind>('zdlx', { GHYZ: 'UNION_STATION', SJZJ: 'DRIVERS_HOME', AXYJ: 'LOVE_STATION' });

/** `fwss` 服务设施 */
export const FACILITY = new CodeTable<Facility>('fwss', {
  XJ: 'REST', YS: 'WATER', RF: 'MEAL_HEATING', CD: 'CHARGING', CS: 'TOILET', YX: 'FIRST_AID', WIFI: 'WIFI', SJ: 'READING',
});

/** `tszt` 提升改造状态 */
export const UPGRADE_STATUS = new CodeTable<UpgradeStatus>('tszt', { '0': 'NONE', '1': 'PLANNED', '2': 'IN_PROGRESS', '3': 'COMPLETED' });

/** `sfsc` 是否删除: "1" is a tombstone. */
export const DELETED = new CodeTable<'deleted' | 'live'>('sfsc', { '1': 'deleted', '0': 'live' });
