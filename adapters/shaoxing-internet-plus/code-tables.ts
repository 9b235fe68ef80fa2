import type {
  EnterpriseCategory, Facility, FormationStage, Gender, IdType, MemberStatus, Occupation, StationKind, UnionType,
} from '../../schema/enums';

/**
 * Shaoxing's code values are Chinese words (contract: city-apis/shaoxing-internet-plus.md, "Record
 * types"). One table per code, Chinese → canonical; the simulator reads them backwards, so the
 * mapper and the simulator can never disagree about a word.
 */
export type CodeTable<T extends string> = Readonly<Record<string, T>>;

/** 企业类别 */
export const ENTERPRISE_CATEGORY: CodeTable<EnterpriseCategory> = {
  平台总部: 'PLATFORM_HQ',
  平台分支机构: 'PLATFORM_BRANCH',
  用工合作企业: 'COOPERATING',
  其他: 'OTHER',
};

/** 工会类型 */
export const UNION_TYPE: CodeTable<UnionType> = {
  基层工会: 'GRASSROOTS',
  联合基层工会: 'JOINT_GRASSROOTS',
  '区域/行业工会联合会': 'REGIONAL_FEDERATION',
  县级以上总工会: 'FEDERATION',
};

/** 工会状态: 撤销 (dissolved) is the only other state. */
export const UNION_STATUS: CodeTable<'ACTIVE' | 'DISSOLVED'> = {
  正常: 'ACTIVE',
  撤销: 'DISSOLVED',
};

/** 建会申请阶段 */
export const FORMATION_STAGE: CodeTable<FormationStage> = {
  已提交: 'SUBMITTED',
  审核中: 'UNDER_REVIEW',
  已批准: 'APPROVED',
  已成立: 'FOUNDED',
  已驳回: 'REJECTED',
};

/** 证件类型 */
export const ID_TYPE: CodeTable<IdType> = {
  居民身份证: 'RESIDENT_ID',
  港澳通行证: 'HK_MACAO_PERMIT',
  台湾通行证: 'TAIWAN_PERMIT',
  护照: 'PASSPORT',
};

export const GENDER: CodeTable<Gender> = {
  男: 'MALE',
  女: 'FEMALE',
};

/** 职业标识, `;`-separated in a member record. */
export const OCCUPATION: CodeTable<Occupation> = {
  快递员: 'COURIER',
  外卖骑手: 'FOOD_DELIVERY',
  网约车司机: 'RIDE_HAILING',
  出租车司机: 'TAXI',
  货车司机: 'TRUCK_DRIVER',
  家政服务员: 'DOMESTIC_SERVICE',
  其他: 'OTHER',
};

/** 会员状态 */
export const MEMBER_STATUS: CodeTable<MemberStatus> = {
  在会: 'ACTIVE',
  转出: 'TRANSFERRED_OUT',
  退会: 'LEFT',
};

/** 阵地类型 */
export const STATION_KIND: CodeTable<StationKind> = {
  工会驿站: 'UNION_STATION',
  司机之家: 'DRIVERS_HOME',
  爱心驿家: 'LOVE_STATION',
};

/** 服务项目, `,`-separated in a station record. */
export const SERVICE: CodeTable<Facility> = {
  歇脚: 'REST',
  饮水: 'WATER',
  热饭: 'MEAL_HEATING',
  充电: 'CHARGING',
  如厕: 'TOILET',
  药箱: 'FIRST_AID',
  无线网络: 'WIFI',
  书报: 'READING',
};

/** The canonical value of a code word, or null when the word is not in the table. */
export function decodeCode<T extends string>(table: CodeTable<T>, word: string): T | null {
  return Object.prototype.hasOwnProperty.call(table, word) ? table[word] : null;
}

/** The code word for a canonical value (the simulator's direction). */
export function encodeCode<T extends string>(table: CodeTable<T>, value: T): string {
  const entry = Object.entries(table).find(([, v]) => v === value);
  if (!entry) throw new Error(`no Shaoxing code word for ${value}`);
  return entry[0];
}

/** The words of a table, for messages that say what was expected. */
export function codeWords(table: CodeTable<string>): string[] {
  return Object.keys(table);
}
