import {
  CITIES, ENTERPRISE_CATEGORIES, PLATFORM_ECONOMY, STATION_KINDS, UNION_TYPES,
  type City, type EnterpriseCategory, type StationKind, type UnionType,
} from '../../schema/enums';
import { RECORD_KINDS, SYSTEMS, type RecordKind, type SystemName } from './systems';

/**
 * What the synthetic province contains, computed while it is generated: the figures a correct hub
 * must report after syncing every simulator, and the lists of records it must treat specially.
 *
 * Member survivorship (the hub's real-name view, README "survivorship rules"): a person is keyed
 * on `idType:idNumber` of a valid document; a person is ACTIVE if any of their records is ACTIVE;
 * their city is the city of their newest ACTIVE record (by updatedAt); an ACTIVE person is a
 * new-employment member if their ACTIVE records carry an occupation (the member's tags are the union
 * of the active records' tags). The generator gives all of a person's records the same tags, so
 * this is also "any record carries one" here. Records whose resident ID fails its check make no
 * person (dead letters).
 */
export interface Formation {
  total: number;
  unionized: number;
  rate: number;
}

export interface YearCount {
  year: number;
  count: number;
}

export interface StationFigures {
  total: number;
  byKind: Record<StationKind, number>;
  upgradesCompletedByYear: YearCount[];
  driversHomes: number;
  upgraded2024: number;
  missingCoordinates: number;
}

export interface AreaFigures {
  unionsByType: Record<UnionType, number>;
  /** GRASSROOTS + JOINT_GRASSROOTS. */
  grassrootsUnions: number;
  enterprisesByCategory: Record<EnterpriseCategory, { total: number; unionized: number }>;
  /** The platform economy (PLATFORM_HQ, PLATFORM_BRANCH, COOPERATING), as the province reports it. */
  formation: Formation;
  /** ACTIVE persons whose newest ACTIVE record is here. */
  members: number;
  newEmploymentMembers: number;
  stations: StationFigures;
  /** Grassroots unions with no activity, dues or member change in the QUIET_RULE_DAYS before asOf. */
  quietUnions: number;
  /** Grassroots unions whose last election is more than five years before asOf. */
  electionOverdueUnions: number;
  formationApplications: number;
}

export interface ProvinceFigures extends AreaFigures {
  membersByCity: Record<City, number>;
  newEmploymentMembersByCity: Record<City, number>;
}

export interface Transfer {
  personKey: string;
  fromSourceId: string;
  fromCity: City;
  toSourceId: string;
  toCity: City;
}

export interface GroundTruth {
  generatorVersion: number;
  scale: number;
  seed: number;
  /** The fixed reference date (yyyy-MM-dd): nothing generated happens on or after it. */
  asOf: string;
  monitoring: { quietRuleDays: number; quietUnionsSilentForAtLeastDays: number; otherUnionsPaidDuesWithinDays: number };
  province: ProvinceFigures;
  cities: Record<City, AreaFigures>;
  /** Upstream records per owning system and record kind ('activities' includes dues; 'dues' counts them alone). */
  records: Record<SystemName, Record<RecordKind, number>>;
  quietUnionIds: string[];
  /** Source ids of member records whose resident ID has a wrong check character. */
  invalidIdSourceIds: string[];
  /** Persons with records in more than one city: person key → their records' source ids. */
  duplicatePersons: Record<string, string[]>;
  transfers: Transfer[];
  /** Persons with ACTIVE records in two cities (a data issue for the hub). */
  dualActivePersonKeys: string[];
  missingCoordinateStationIds: string[];
  invalidCreditCodeUnionIds: string[];
}

function zeroBy<K extends string, V>(keys: readonly K[], make: () => V): Record<K, V> {
  return Object.fromEntries(keys.map((k) => [k, make()])) as Record<K, V>;
}

interface AreaCounter {
  unionsByType: Record<UnionType, number>;
  enterprises: Record<EnterpriseCategory, { total: number; unionized: number }>;
  members: number;
  newEmploymentMembers: number;
  stationsByKind: Record<StationKind, number>;
  upgradesByYear: Map<number, number>;
  missingCoordinates: number;
  quietUnions: number;
  electionOverdueUnions: number;
  formationApplications: number;
}

function newAreaCounter(): AreaCounter {
  return {
    unionsByType: zeroBy(UNION_TYPES, () => 0),
    enterprises: zeroBy(ENTERPRISE_CATEGORIES, () => ({ total: 0, unionized: 0 })),
    members: 0,
    newEmploymentMembers: 0,
    stationsByKind: zeroBy(STATION_KINDS, () => 0),
    upgradesByYear: new Map(),
    missingCoordinates: 0,
    quietUnions: 0,
    electionOverdueUnions: 0,
    formationApplications: 0,
  };
}

function formationOf(enterprises: AreaCounter['enterprises']): Formation {
  let total = 0;
  let unionized = 0;
  for (const category of PLATFORM_ECONOMY) {
    total += enterprises[category].total;
    unionized += enterprises[category].unionized;
  }
  return { total, unionized, rate: total === 0 ? 0 : unionized / total };
}

function figuresOf(c: AreaCounter): AreaFigures {
  const upgradesCompletedByYear = [...c.upgradesByYear.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([year, count]) => ({ year, count }));
  return {
    unionsByType: { ...c.unionsByType },
    grassrootsUnions: c.unionsByType.GRASSROOTS + c.unionsByType.JOINT_GRASSROOTS,
    enterprisesByCategory: c.enterprises,
    formation: formationOf(c.enterprises),
    members: c.members,
    newEmploymentMembers: c.newEmploymentMembers,
    stations: {
      total: STATION_KINDS.reduce((s, k) => s + c.stationsByKind[k], 0),
      byKind: { ...c.stationsByKind },
      upgradesCompletedByYear,
      driversHomes: c.stationsByKind.DRIVERS_HOME,
      upgraded2024: c.upgradesByYear.get(2024) ?? 0,
      missingCoordinates: c.missingCoordinates,
    },
    quietUnions: c.quietUnions,
    electionOverdueUnions: c.electionOverdueUnions,
    formationApplications: c.formationApplications,
  };
}

/** Accumulates the ground truth as records stream out of the generator. */
export class GroundTruthBuilder {
  private readonly province = newAreaCounter();
  private readonly cities = zeroBy(CITIES, newAreaCounter);
  private readonly records = zeroBy(SYSTEMS, () => zeroBy(RECORD_KINDS, () => 0));
  readonly quietUnionIds: string[] = [];
  readonly invalidIdSourceIds: string[] = [];
  readonly duplicatePersons: Record<string, string[]> = {};
  readonly transfers: Transfer[] = [];
  readonly dualActivePersonKeys: string[] = [];
  readonly missingCoordinateStationIds: string[] = [];
  readonly invalidCreditCodeUnionIds: string[] = [];

  private areas(city: City | null): AreaCounter[] {
    return city ? [this.province, this.cities[city]] : [this.province];
  }

  record(system: SystemName, kind: RecordKind): void {
    this.records[system][kind]++;
  }

  union(city: City | null, type: UnionType, flags: { quiet: boolean; electionOverdue: boolean }): void {
    for (const a of this.areas(city)) {
      a.unionsByType[type]++;
      if (flags.quiet) a.quietUnions++;
      if (flags.electionOverdue) a.electionOverdueUnions++;
    }
  }

  enterprise(city: City, category: EnterpriseCategory, unionized: boolean): void {
    for (const a of this.areas(city)) {
      a.enterprises[category].total++;
      if (unionized) a.enterprises[category].unionized++;
    }
  }

  formationApplication(city: City): void {
    for (const a of this.areas(city)) a.formationApplications++;
  }

  activePerson(city: City, newEmployment: boolean): void {
    for (const a of this.areas(city)) {
      a.members++;
      if (newEmployment) a.newEmploymentMembers++;
    }
  }

  station(city: City, kind: StationKind, completedYear: number | null, hasCoordinates: boolean): void {
    for (const a of this.areas(city)) {
      a.stationsByKind[kind]++;
      if (completedYear !== null) a.upgradesByYear.set(completedYear, (a.upgradesByYear.get(completedYear) ?? 0) + 1);
      if (!hasCoordinates) a.missingCoordinates++;
    }
  }

  build(header: Pick<GroundTruth, 'generatorVersion' | 'scale' | 'seed' | 'asOf' | 'monitoring'>): GroundTruth {
    const cities = Object.fromEntries(CITIES.map((c) => [c, figuresOf(this.cities[c])])) as Record<City, AreaFigures>;
    const byCity = (pick: (f: AreaFigures) => number): Record<City, number> =>
      Object.fromEntries(CITIES.map((c) => [c, pick(cities[c])])) as Record<City, number>;
    return {
      ...header,
      province: {
        ...figuresOf(this.province),
        membersByCity: byCity((f) => f.members),
        newEmploymentMembersByCity: byCity((f) => f.newEmploymentMembers),
      },
      cities,
      records: this.records,
      quietUnionIds: [...this.quietUnionIds].sort(),
      invalidIdSourceIds: [...this.invalidIdSourceIds].sort(),
      duplicatePersons: this.duplicatePersons,
      transfers: this.transfers,
      dualActivePersonKeys: this.dualActivePersonKeys,
      missingCoordinateStationIds: [...this.missingCoordinateStationIds].sort(),
      invalidCreditCodeUnionIds: [...this.invalidCreditCodeUnionIds].sort(),
    };
  }
}
