import type { ActivityKind } from '../../schema/enums';
import { yieldToEventLoop, type GenerationContext } from './context';
import type { Organizations, UnionInfo } from './organizations';
import { LIVELY_DUES_MONTH_AGE_DAYS, QUIET_LAST_EVENT_MIN_AGE_DAYS } from './plan';
import type { Rng } from './random';
import type { ActivityRow } from './store';
import { ownerOf } from './systems';
import { addMonths, DAY_MS, dayOf, isoDate, isoInstant, monthStart, yearOf } from './time';

/**
 * Grassroots unions' activities and dues over the two years before asOf. Every union pays dues
 * most months (≈ 22 of 24) and holds about 2.5 other activities a year (meetings, events, rights
 * cases, summer cooling in June–August, check-ups): ≈ 27 records per union, ≈ 4 million at scale 1.
 * Lively unions always pay for the month LIVELY_DUES_MONTH_AGE_DAYS before asOf; quiet unions
 * stopped everything at least QUIET_LAST_EVENT_MIN_AGE_DAYS before it. Federations record nothing.
 */
const OTHER_KINDS: readonly ActivityKind[] = ['MEETING', 'EVENT', 'RIGHTS_CASE', 'SUMMER_COOLING', 'CHECKUP'];
const OTHER_KIND_WEIGHTS = [35, 30, 5, 15, 15];
const PARTICIPANTS: Record<Exclude<ActivityKind, 'DUES'>, [number, number]> = {
  MEETING: [5, 40], EVENT: [10, 200], RIGHTS_CASE: [1, 5], SUMMER_COOLING: [20, 300], CHECKUP: [10, 150],
};
const ACTIVITIES_PER_TWO_YEARS = 5;
const MONTHLY_PAYMENT_ODDS = 0.9;

interface Event {
  kind: ActivityKind;
  day: number;
  /** Day the record was last written upstream (a few days after the event, before asOf). */
  updatedMs: number;
  participants: number | null;
  amountYuan: number | null;
}

class ActivityPlanner {
  constructor(private readonly ctx: GenerationContext) {}

  private get plan() {
    return this.ctx.plan;
  }

  events(union: UnionInfo, rng: Rng): Event[] {
    const firstDay = Math.max(this.plan.windowStartDay, union.foundedDay);
    const lastDay = union.quiet ? this.plan.asOfDay - QUIET_LAST_EVENT_MIN_AGE_DAYS - 20 : this.plan.asOfDay - 1;
    const events = [...this.dues(union, rng, firstDay, lastDay), ...this.activities(rng, firstDay, lastDay)];
    // A union founded after the guaranteed dues month shows its life with its first meeting.
    const recent = this.plan.asOfDay - LIVELY_DUES_MONTH_AGE_DAYS - 31;
    if (!union.quiet && !events.some((e) => e.day >= recent)) {
      const day = rng.int(Math.max(firstDay, this.plan.asOfDay - 100), this.plan.asOfDay - 1);
      events.push({ kind: 'MEETING', day, updatedMs: day * DAY_MS + rng.int(0, DAY_MS - 1), participants: rng.int(5, 40), amountYuan: null });
    }
    return events.sort((a, b) => a.day - b.day || a.kind.localeCompare(b.kind));
  }

  /** Monthly dues, dated the first of the month paid for, written 4–19 days later. */
  private dues(union: UnionInfo, rng: Rng, firstDay: number, lastDay: number): Event[] {
    const perMemberYuan = rng.int(800, 4000) / 100;
    const payers = Math.max(3, union.activeMembers);
    const guaranteed = monthStart(this.plan.asOfDay - LIVELY_DUES_MONTH_AGE_DAYS);
    // A quiet union stopped paying at some month (or never paid within the window).
    const stopAfter = union.quiet ? (rng.chance(0.2) ? -Infinity : rng.int(firstDay, lastDay)) : Infinity;
    const out: Event[] = [];
    for (let month = monthStart(firstDay) < firstDay ? addMonths(monthStart(firstDay), 1) : firstDay; month + 19 <= lastDay; month = addMonths(month, 1)) {
      if (month > stopAfter) break;
      if (!(month === guaranteed && !union.quiet) && !rng.chance(MONTHLY_PAYMENT_ODDS)) continue;
      out.push({
        kind: 'DUES', day: month, updatedMs: (month + rng.int(4, 19)) * DAY_MS + rng.int(0, DAY_MS - 1),
        participants: null, amountYuan: Math.round(payers * perMemberYuan * 100) / 100,
      });
    }
    return out;
  }

  private activities(rng: Rng, firstDay: number, lastDay: number): Event[] {
    const out: Event[] = [];
    if (lastDay < firstDay) return out;
    const count = rng.poisson(ACTIVITIES_PER_TWO_YEARS * (lastDay - firstDay + 1) / 730);
    for (let k = 0; k < count; k++) {
      let kind = rng.weighted(OTHER_KINDS, OTHER_KIND_WEIGHTS);
      let day = rng.int(firstDay, lastDay);
      if (kind === 'SUMMER_COOLING') {
        const summer = this.summerDay(rng, firstDay, lastDay);
        if (summer === null) kind = 'EVENT';
        else day = summer;
      }
      const [min, max] = PARTICIPANTS[kind as Exclude<ActivityKind, 'DUES'>];
      const updatedDay = Math.min(day + rng.int(0, 3), lastDay);
      out.push({ kind, day, updatedMs: updatedDay * DAY_MS + rng.int(0, DAY_MS - 1), participants: rng.int(min, max), amountYuan: null });
    }
    return out;
  }

  /** A day between 15 June and 31 August (the hot season) inside [firstDay, lastDay], if any. */
  private summerDay(rng: Rng, firstDay: number, lastDay: number): number | null {
    const windows: Array<[number, number]> = [];
    for (let year = yearOf(firstDay); year <= yearOf(lastDay); year++) {
      const from = Math.max(firstDay, dayOf(`${year}-06-15`));
      const to = Math.min(lastDay, dayOf(`${year}-08-31`));
      if (from <= to) windows.push([from, to]);
    }
    if (windows.length === 0) return null;
    const [from, to] = rng.pick(windows);
    return rng.int(from, to);
  }
}

export async function generateActivities(ctx: GenerationContext, orgs: Organizations): Promise<void> {
  const planner = new ActivityPlanner(ctx);
  for (let u = 0; u < orgs.grassroots.length; u++) {
    const union = orgs.grassroots[u];
    const rng = ctx.rng('activities', u);
    let committed = false;
    for (const event of planner.events(union, rng)) {
      const dues = event.kind === 'DUES';
      const system = ownerOf(dues ? 'dues' : 'activities', union.city);
      const row: ActivityRow = {
        id: ctx.ids.next(system, dues ? 'dues' : 'activities'), system, city: union.city, union_id: union.id,
        kind: event.kind, date: isoDate(event.day), participants: event.participants, amount_yuan: event.amountYuan,
        updated_at: isoInstant(Math.min(event.updatedMs, ctx.plan.asOfDay * DAY_MS - 1)), deleted: 0,
      };
      committed = ctx.insert('activities', row) || committed;
    }
    if (committed) await yieldToEventLoop();
  }
}
