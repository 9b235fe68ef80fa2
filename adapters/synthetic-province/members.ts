import {
  CITIES, OCCUPATIONS, type City, type JoinChannel, type MemberStatus, type Occupation,
} from '../../schema/enums';
import { yieldToEventLoop, type GenerationContext } from './context';
import { SECTOR_OF_OCCUPATION } from './names';
import type { Employer, Organizations, UnionInfo } from './organizations';
import { PeopleFactory, personKey, withWrongCheckCharacter, type Person } from './people';
import {
  type Plan, CITY_WEIGHT_LIST, DUAL_ACTIVE_SHARE, LEFT_THEN_REJOINED_SHARE, QUIET_LAST_EVENT_MIN_AGE_DAYS, TRANSFER_SHARE,
} from './plan';
import { AffinePermutation, WeightedTable, type Rng } from './random';
import type { MemberRow } from './store';
import { ownerOf } from './systems';
import { DAY_MS, isoDate, isoInstant } from './time';

/**
 * Membership records, one person at a time (streamed: nothing is kept per person). People come in
 * four kinds by number range, visited in a scattered order so that kinds and ids do not line up:
 * new-employment members, other members, people who left (LEFT only), and people whose one record
 * carries a resident ID with a wrong check character. Some members also have a second record in
 * another city: a transfer (TRANSFERRED_OUT there, ACTIVE here), a dual ACTIVE membership, or a
 * LEFT record followed by joining elsewhere.
 */
type PersonKind = 'NEW_EMPLOYMENT' | 'OTHER' | 'LEFT_ONLY' | 'INVALID_ID';
type Shape = 'single' | 'transfer' | 'dualActive' | 'leftThenRejoined';

interface Placement {
  city: City;
  union: UnionInfo;
  employer: Employer | null;
}

interface Timing {
  joinedDay: number;
  updatedMs: number;
}

const FIVE_YEARS_DAYS = 1826;

/** Occupation mix of new-employment members (a few hold two tags, e.g. courier and rider). */
const OCCUPATION_WEIGHTS: Record<Occupation, number> = {
  COURIER: 30, FOOD_DELIVERY: 30, RIDE_HAILING: 12, TAXI: 5, TRUCK_DRIVER: 13, DOMESTIC_SERVICE: 6, OTHER: 4,
};
const OCCUPATION_TABLE = new WeightedTable(OCCUPATIONS, OCCUPATIONS.map((o) => OCCUPATION_WEIGHTS[o]));
const CITY_TABLE = new WeightedTable(CITIES, CITY_WEIGHT_LIST);
const JOIN_CHANNELS_NEW = new WeightedTable<JoinChannel>(['QR_CODE', 'ONLINE', 'OFFLINE', 'BULK'], [45, 35, 12, 8]);
const JOIN_CHANNELS_OTHER = new WeightedTable<JoinChannel>(['OFFLINE', 'ONLINE', 'QR_CODE', 'BULK'], [35, 25, 20, 20]);

class MemberGenerator {
  private readonly people: PeopleFactory;
  private readonly plan: Plan;

  constructor(private readonly ctx: GenerationContext, private readonly orgs: Organizations) {
    this.people = new PeopleFactory(ctx.rng('resident-id-slots'));
    this.plan = ctx.plan;
  }

  kindOf(no: number): PersonKind {
    const p = this.plan;
    if (no < p.newEmploymentPersons) return 'NEW_EMPLOYMENT';
    if (no < p.newEmploymentPersons + p.otherPersons) return 'OTHER';
    if (no < p.newEmploymentPersons + p.otherPersons + p.leftOnlyPersons) return 'LEFT_ONLY';
    return 'INVALID_ID';
  }

  async run(): Promise<void> {
    const order = new AffinePermutation(this.plan.persons, this.ctx.rng('person-order'));
    for (let j = 0; j < this.plan.persons; j++) {
      if (this.person(order.at(j))) await yieldToEventLoop();
    }
  }

  /** Writes one person's records; true when a batch was committed. */
  private person(no: number): boolean {
    const rng = this.ctx.rng('person', no);
    const kind = this.kindOf(no);
    const person = this.people.person(no, rng, kind === 'INVALID_ID');
    const newEmployment = kind === 'NEW_EMPLOYMENT' || ((kind === 'LEFT_ONLY' || kind === 'INVALID_ID') && rng.chance(0.6));
    const occupations = newEmployment ? this.occupations(rng) : [];
    const home = rng.from(CITY_TABLE);

    if (kind === 'INVALID_ID') {
      const broken: Person = { ...person, document: { ...person.document, idNumber: withWrongCheckCharacter(person.document.idNumber, rng) } };
      const status: MemberStatus = rng.chance(0.9) ? 'ACTIVE' : 'LEFT';
      const place = this.place(rng, home, occupations);
      const written = this.write(broken, place, this.single(rng, place.union), status, occupations, rng);
      this.ctx.truth.invalidIdSourceIds.push(written.id);
      return written.committed;
    }
    if (kind === 'LEFT_ONLY') {
      const place = this.place(rng, home, occupations);
      return this.write(person, place, this.single(rng, place.union), 'LEFT', occupations, rng).committed;
    }

    const shape = this.shapeOf(rng);
    const a = this.place(rng, home, occupations);
    if (shape === 'single') return this.singleActive(person, a, occupations, rng);
    const b = this.place(rng, this.otherCity(rng, home), occupations);
    if (shape === 'dualActive') return this.dualActive(person, a, b, occupations, rng);
    return this.moved(person, a, b, shape === 'transfer' ? 'TRANSFERRED_OUT' : 'LEFT', occupations, rng);
  }

  private shapeOf(rng: Rng): Shape {
    const r = rng.float();
    if (r < TRANSFER_SHARE) return 'transfer';
    if (r < TRANSFER_SHARE + DUAL_ACTIVE_SHARE) return 'dualActive';
    if (r < TRANSFER_SHARE + DUAL_ACTIVE_SHARE + LEFT_THEN_REJOINED_SHARE) return 'leftThenRejoined';
    return 'single';
  }

  private occupations(rng: Rng): Occupation[] {
    const first = rng.from(OCCUPATION_TABLE);
    const set = new Set<Occupation>([first]);
    if (rng.chance(0.05)) set.add(rng.from(OCCUPATION_TABLE));
    return OCCUPATIONS.filter((o) => set.has(o));
  }

  private otherCity(rng: Rng, home: City): City {
    const others = CITIES.filter((c) => c !== home);
    return rng.weighted(others, others.map((c) => CITY_WEIGHT_LIST[CITIES.indexOf(c)]));
  }

  /**
   * Where a membership lives. Platform workers work for a platform employer of their trade and join
   * its union or, half the time or when it has none, a joint union of the city; other workers join
   * an OTHER enterprise's union (30 %) or an ordinary grassroots union.
   */
  private place(rng: Rng, city: City, occupations: Occupation[]): Placement {
    const pools = this.orgs.cities[city];
    if (occupations.length > 0) {
      const sector = SECTOR_OF_OCCUPATION[occupations[0]];
      const employers = pools.platformBySector.get(sector) ?? pools.platformEmployers;
      const employer = rng.pick(employers.length > 0 ? employers : pools.platformEmployers);
      const union = employer.union && rng.chance(0.5) ? employer.union : rng.pick(pools.jointUnions);
      return { city, union, employer };
    }
    if (pools.unionizedEmployers.length > 0 && rng.chance(0.3)) {
      const employer = rng.pick(pools.unionizedEmployers);
      if (employer.union) return { city, union: employer.union, employer };
    }
    return { city, union: rng.pick(pools.plainUnions.length > 0 ? pools.plainUnions : pools.jointUnions), employer: null };
  }

  /** The last day a record of this union may change: quiet unions have been silent for 200+ days. */
  private latestDay(union: UnionInfo): number {
    return union.quiet ? this.plan.asOfDay - QUIET_LAST_EVENT_MIN_AGE_DAYS : this.plan.asOfDay - 1;
  }

  private earliestJoin(union: UnionInfo): number {
    return Math.max(this.plan.asOfDay - FIVE_YEARS_DAYS, union.foundedDay);
  }

  /** Joined within five years (not before the union), last updated within the two-year window. */
  private single(rng: Rng, union: UnionInfo): Timing {
    const latest = this.latestDay(union);
    const joinedDay = rng.int(Math.min(this.earliestJoin(union), latest), latest);
    const from = Math.max(joinedDay, this.plan.windowStartDay);
    return { joinedDay, updatedMs: rng.int(from, Math.max(from, latest)) * DAY_MS + rng.int(0, DAY_MS - 1) };
  }

  private singleActive(person: Person, place: Placement, occupations: Occupation[], rng: Rng): boolean {
    const written = this.write(person, place, this.single(rng, place.union), 'ACTIVE', occupations, rng);
    this.ctx.truth.activePerson(place.city, occupations.length > 0);
    return written.committed;
  }

  private dualActive(person: Person, a: Placement, b: Placement, occupations: Occupation[], rng: Rng): boolean {
    const ta = this.single(rng, a.union);
    const tb = this.single(rng, b.union);
    if (tb.updatedMs === ta.updatedMs) tb.updatedMs -= 1;
    const ra = this.write(person, a, ta, 'ACTIVE', occupations, rng);
    const rb = this.write(person, b, tb, 'ACTIVE', occupations, rng);
    const key = personKey(person.document);
    this.ctx.truth.duplicatePersons[key] = [ra.id, rb.id];
    this.ctx.truth.dualActivePersonKeys.push(key);
    this.ctx.truth.activePerson(tb.updatedMs > ta.updatedMs ? b.city : a.city, occupations.length > 0);
    return ra.committed || rb.committed;
  }

  /**
   * A person who left city A (transferred out, or quit) and joined in city B: A's record changes on
   * the day they leave, B's join follows within a week. Falls back to one ACTIVE record in A when
   * the unions' dates leave no room for the move (a young union, a quiet one).
   */
  private moved(person: Person, a: Placement, b: Placement, oldStatus: MemberStatus, occupations: Occupation[], rng: Rng): boolean {
    const latestB = this.latestDay(b.union);
    const lo = Math.max(this.plan.windowStartDay, this.earliestJoin(a.union) + 30, b.union.foundedDay);
    const hi = Math.min(this.latestDay(a.union), latestB - 8);
    if (lo > hi) return this.singleActive(person, a, occupations, rng);
    const moveDay = rng.int(lo, hi);
    const ta: Timing = { joinedDay: rng.int(this.earliestJoin(a.union), moveDay - 30), updatedMs: moveDay * DAY_MS + rng.int(0, DAY_MS - 1) };
    const joinedB = moveDay + rng.int(0, 7);
    const tb: Timing = { joinedDay: joinedB, updatedMs: Math.max(rng.int(joinedB, latestB) * DAY_MS + rng.int(0, DAY_MS - 1), ta.updatedMs + 1) };
    const ra = this.write(person, a, ta, oldStatus, occupations, rng);
    const rb = this.write(person, b, tb, 'ACTIVE', occupations, rng);
    const key = personKey(person.document);
    this.ctx.truth.duplicatePersons[key] = [ra.id, rb.id];
    if (oldStatus === 'TRANSFERRED_OUT') {
      this.ctx.truth.transfers.push({ personKey: key, fromSourceId: ra.id, fromCity: a.city, toSourceId: rb.id, toCity: b.city });
    }
    this.ctx.truth.activePerson(b.city, occupations.length > 0);
    return ra.committed || rb.committed;
  }

  private write(person: Person, place: Placement, timing: Timing, status: MemberStatus, occupations: Occupation[], rng: Rng): { id: string; committed: boolean } {
    const system = ownerOf('members', place.city);
    const id = this.ctx.ids.next(system, 'members');
    const newEmployment = occupations.length > 0;
    const row: MemberRow = {
      id, system, city: place.city, person_no: person.no, name: person.name,
      id_type: person.document.idType, id_number: person.document.idNumber, gender: person.document.gender,
      mobile: person.mobile, union_id: place.union.id, joined_on: isoDate(timing.joinedDay),
      join_channel: rng.from(newEmployment ? JOIN_CHANNELS_NEW : JOIN_CHANNELS_OTHER),
      occupations: occupations.join(','), employer_name: place.employer?.name ?? null,
      employer_credit_code: place.employer?.creditCode ?? null, status, updated_at: isoInstant(timing.updatedMs), deleted: 0,
    };
    if (status === 'ACTIVE') place.union.activeMembers++;
    return { id, committed: this.ctx.insert('members', row) };
  }
}

export async function generateMembers(ctx: GenerationContext, orgs: Organizations): Promise<void> {
  await new MemberGenerator(ctx, orgs).run();
}
