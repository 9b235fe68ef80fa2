import type { Occupation } from '../../schema/enums';
import { WeightedTable, type Rng } from './random';

/**
 * Word lists for plausible Chinese names of people, companies, places and platform brands.
 * Nothing here is a real person; brands are the ones the article names or that operate in Zhejiang.
 */

/** The most common surnames, weighted roughly by frequency (per mille). */
const SURNAMES: readonly string[] = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林',
  '高', '罗', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '肖', '田', '董', '潘',
  '袁', '蔡', '蒋', '余', '于', '杜', '叶', '程', '魏', '苏', '吕', '丁', '任', '卢', '姚', '沈', '钟', '姜',
  '崔', '谭', '陆', '范', '汪', '廖', '石', '金', '韦', '贾', '夏', '付', '方', '邹', '熊', '白', '孟', '秦',
  '邱', '侯', '江', '尹', '薛', '闫', '段', '雷', '龙', '黎', '史', '陶', '贺', '毛', '郝', '顾', '龚', '邵',
  '万', '覃', '武', '钱', '戴', '严', '莫', '孔', '向', '常', '欧阳', '诸葛', '司马',
];
const SURNAME_TABLE = new WeightedTable(SURNAMES, SURNAMES.map((s, i) => (s.length > 1 ? 0.3 : 80 / (i + 8))));

const GIVEN_MALE: readonly string[] = [
  '伟', '强', '磊', '军', '勇', '杰', '涛', '斌', '超', '明', '刚', '平', '辉', '鹏', '华', '飞', '鑫', '波',
  '宇', '浩', '凯', '健', '俊', '帆', '帅', '旭', '宁', '龙', '林', '阳', '建', '国', '志', '文', '海', '东',
  '峰', '亮', '成', '晨', '博', '然', '源', '航', '锋', '坤', '豪', '森', '彬', '松', '毅', '瑞', '祥', '荣',
];
const GIVEN_FEMALE: readonly string[] = [
  '芳', '娜', '敏', '静', '丽', '艳', '娟', '霞', '燕', '玲', '婷', '雪', '慧', '颖', '琳', '倩', '洁', '欣',
  '萍', '红', '梅', '莉', '兰', '晶', '佳', '瑶', '怡', '璐', '丹', '悦', '蕾', '薇', '雯', '晓', '月', '云',
  '春', '秀', '英', '华', '玉', '凤', '琴', '宁', '婕', '彤', '菲', '岚', '青', '蓉', '露', '珊', '茜', '妍',
];

/** Uyghur-style names written with the middle dot (·), which upstreams spell in several ways. */
const DOTTED_NAMES: readonly string[] = [
  '买买提·艾力', '阿卜杜·热合曼', '古丽·努尔', '艾尔肯·吐尔逊', '迪丽·阿不都', '帕提古丽·买买提',
];

/** Passport holders' names as their documents print them. */
const PASSPORT_NAMES: readonly string[] = [
  'NGUYEN VAN HUNG', 'TRAN THI LAN', 'KIM MINSU', 'PARK JIWOO', 'SOMCHAI SRISUK', 'MAUNG MAUNG',
  'JOHN SMITH', 'MARIA SILVA', 'AHMED KHAN', 'IVAN PETROV',
];

export function personName(rng: Rng, male: boolean): string {
  if (rng.chance(0.002)) return rng.pick(DOTTED_NAMES);
  const surname = rng.from(SURNAME_TABLE);
  const pool = male ? GIVEN_MALE : GIVEN_FEMALE;
  const given = rng.chance(0.7) ? rng.pick(pool) + rng.pick(pool) : rng.pick(pool);
  return surname + given;
}

export function passportName(rng: Rng): string {
  return rng.pick(PASSPORT_NAMES);
}

const MOBILE_PREFIXES: readonly string[] = [
  '130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156',
  '157', '158', '159', '166', '173', '176', '177', '180', '181', '182', '183', '185', '186', '187', '188',
  '189', '191', '195', '198', '199',
];

export function mobileNumber(rng: Rng): string {
  return rng.pick(MOBILE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

// ---------- companies ----------
const TRADE_NAMES: readonly string[] = [
  '恒达', '华盛', '永兴', '天成', '宏远', '金诚', '鑫源', '瑞丰', '东方', '新华', '中天', '博远', '信达', '正泰',
  '汇通', '凯达', '富春', '钱江', '西子', '之江', '万丰', '海天', '星光', '锦绣', '明珠', '安泰', '嘉禾', '德胜',
  '荣盛', '新光', '雅戈', '红蜻', '振华', '兴业', '立信', '宝通', '飞跃', '远景', '亿丰', '华越', '联众', '众诚',
  '长运', '双林', '卓越', '精工', '美佳', '春晖', '秋实', '泰隆',
];
const INDUSTRIES: readonly string[] = [
  '机械制造', '纺织', '电子科技', '服饰', '化工', '建材', '食品', '物流', '贸易', '印染', '汽车配件', '五金',
  '塑料制品', '家具', '信息技术', '医疗器械', '包装', '照明电器', '泵阀', '建设工程', '物业管理', '餐饮管理',
];
const COMPANY_FORMS: readonly string[] = ['有限公司', '有限公司', '有限公司', '股份有限公司', '集团有限公司'];

/** A made-up company name rooted in a place, e.g. 柯桥恒达纺织有限公司. */
export function companyName(rng: Rng, place: string): string {
  return place + rng.pick(TRADE_NAMES) + rng.pick(INDUSTRIES) + rng.pick(COMPANY_FORMS);
}

const LABOUR_AGENCY_WORDS: readonly string[] = [
  '众包', '骑士', '优配', '速达', '蜂鸟', '快马', '捷运', '同城', '邦达', '鹰翔', '优聘', '安心',
];

/** 用工合作企业: the labour-service firms platforms contract riders and drivers through. */
export function cooperatingCompanyName(rng: Rng, place: string, serial: number): string {
  return `${place}${rng.pick(LABOUR_AGENCY_WORDS)}${rng.pick(['人力资源服务', '劳务派遣', '配送服务', '供应链管理'])}有限公司${serial > 1 ? `第${serial}分公司` : ''}`;
}

// ---------- platforms ----------
/** What a platform's workers mostly do; new-employment workers are matched to employers by it. */
export type Sector = 'FOOD_DELIVERY' | 'COURIER' | 'RIDE_HAILING' | 'TRUCK' | 'DOMESTIC' | 'INSTANT';

export interface PlatformBrand {
  brand: string;
  sector: Sector;
  /** The brand's operating company, used in enterprise names. */
  company: string;
}

/** The 12 platform headquarters registered in Zhejiang (the article's figure), all in Hangzhou. */
export const PLATFORM_HEADQUARTERS: readonly (PlatformBrand & { county: string })[] = [
  { brand: '菜鸟', sector: 'COURIER', company: '菜鸟网络科技有限公司', county: '330110' },
  { brand: '饿了么', sector: 'FOOD_DELIVERY', company: '浙江饿了么网络科技有限公司', county: '330106' },
  { brand: '曹操出行', sector: 'RIDE_HAILING', company: '曹操出行有限公司', county: '330108' },
  { brand: '盒马', sector: 'INSTANT', company: '盒马网络科技有限公司', county: '330110' },
  { brand: '百世', sector: 'COURIER', company: '百世物流科技有限公司', county: '330106' },
  { brand: '申通', sector: 'COURIER', company: '申通快递有限公司', county: '330122' },
  { brand: '中通', sector: 'COURIER', company: '中通快递有限公司', county: '330122' },
  { brand: '圆通', sector: 'COURIER', company: '圆通速递有限公司', county: '330122' },
  { brand: '韵达', sector: 'COURIER', company: '韵达货运有限公司', county: '330122' },
  { brand: '传化', sector: 'TRUCK', company: '传化智联物流有限公司', county: '330109' },
  { brand: '哈啰', sector: 'RIDE_HAILING', company: '哈啰出行科技有限公司', county: '330110' },
  { brand: '淘宝闪购', sector: 'INSTANT', company: '淘宝（中国）软件有限公司', county: '330110' },
];

/** Brands with branches across the province (the 159 branch companies belong to these). */
export const BRANCH_BRANDS: readonly PlatformBrand[] = [
  { brand: '美团', sector: 'FOOD_DELIVERY', company: '美团' },
  { brand: '饿了么', sector: 'FOOD_DELIVERY', company: '饿了么' },
  { brand: '顺丰', sector: 'COURIER', company: '顺丰速运' },
  { brand: '菜鸟', sector: 'COURIER', company: '菜鸟驿站' },
  { brand: '中通', sector: 'COURIER', company: '中通快递' },
  { brand: '圆通', sector: 'COURIER', company: '圆通速递' },
  { brand: '申通', sector: 'COURIER', company: '申通快递' },
  { brand: '韵达', sector: 'COURIER', company: '韵达快递' },
  { brand: '京东物流', sector: 'COURIER', company: '京东物流' },
  { brand: '极兔', sector: 'COURIER', company: '极兔速递' },
  { brand: '滴滴', sector: 'RIDE_HAILING', company: '滴滴出行' },
  { brand: '曹操出行', sector: 'RIDE_HAILING', company: '曹操出行' },
  { brand: 'T3出行', sector: 'RIDE_HAILING', company: 'T3出行' },
  { brand: '货拉拉', sector: 'TRUCK', company: '货拉拉' },
  { brand: '满帮', sector: 'TRUCK', company: '满帮' },
  { brand: '58到家', sector: 'DOMESTIC', company: '58到家' },
  { brand: '达达', sector: 'INSTANT', company: '达达快送' },
  { brand: '闪送', sector: 'INSTANT', company: '闪送' },
];

/** Which sector's employers a worker with this occupation is matched to. */
export const SECTOR_OF_OCCUPATION: Record<Occupation, Sector> = {
  COURIER: 'COURIER',
  FOOD_DELIVERY: 'FOOD_DELIVERY',
  RIDE_HAILING: 'RIDE_HAILING',
  TAXI: 'RIDE_HAILING',
  TRUCK_DRIVER: 'TRUCK',
  DOMESTIC_SERVICE: 'DOMESTIC',
  OTHER: 'INSTANT',
};

// ---------- places ----------
const ROADS: readonly string[] = [
  '人民路', '解放路', '中山路', '建设路', '文化路', '新华路', '环城路', '工业路', '学院路', '体育场路', '江滨路',
  '湖滨路', '南山路', '凤起路', '延安路', '庆春路', '文三路', '莫干山路', '世纪大道', '振兴路', '兴业路', '园区路',
];

export function streetAddress(rng: Rng, cityName: string, countyName: string): string {
  return `浙江省${cityName}${countyName}${rng.pick(ROADS)}${rng.int(1, 899)}号`;
}

export function roadName(rng: Rng): string {
  return rng.pick(ROADS);
}

const STATION_HOSTS: readonly string[] = [
  '便民服务中心', '党群服务中心', '商业广场', '公交首末站', '物流园', '加油站', '药店', '菜市场', '社区服务站',
  '快递分拨中心', '货运市场', '客运中心',
];

export function stationHost(rng: Rng): string {
  return rng.pick(STATION_HOSTS);
}
