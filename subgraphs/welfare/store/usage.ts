import type { Store } from '../../../core/store/database';
import { CITIES, type City } from '../../../schema/enums';
import { toCount } from '../../kit';
import { activitiesByCity, activityKindsFor, type CityActivityCount } from './activities';
import { programActivityScope } from './activity-links';
import { listPrograms, PLACE_HOLDING, type ProgramValue } from './programs';

/**
 * Per-city use of a year's programs (the dashboard's 各市使用情况). A place counts for the city the
 * member lives in now (membership's `members.city`, as Overview.welfarePlacesUsed counts); an
 * activity for the city of the union that reported it.
 */
export interface ProgramUsageValue {
  program: ProgramValue;
  placesUsed: number;
  activities: number;
  activityParticipants: number;
}

export interface CityUsageValue {
  city: City;
  year: number;
  placesUsed: number;
  /** Every check-up and summer-cooling activity in the city that year, linked to a program or not. */
  activities: number;
  activityParticipants: number;
  programs: ProgramUsageValue[];
}

export async function welfareUsage(store: Store, year: number, city: City | null): Promise<CityUsageValue[]> {
  const programs = await listPrograms(store, year, null);
  const places = await placesByCityAndProgram(store, year, city);
  const allActivities = await activitiesByCity(store, { query: { year, city, kinds: activityKindsFor(null) } });
  const linked = new Map<string, CityActivityCount[]>();
  for (const program of programs) {
    const scope = programActivityScope(program, programs.filter((p) => p.kind === program.kind));
    if (scope) linked.set(program.id, await activitiesByCity(store, { scope }));
  }
  const cities = city ? [city] : [...CITIES];
  return cities.map((c) => {
    const inCity = allActivities.find((a) => a.city === c);
    const usages = programs.map((program) => {
      const activity = linked.get(program.id)?.find((a) => a.city === c);
      return {
        program,
        placesUsed: places.get(`${c}|${program.id}`) ?? 0,
        activities: activity?.activities ?? 0,
        activityParticipants: activity?.participants ?? 0,
      };
    });
    return {
      city: c,
      year,
      placesUsed: usages.reduce((sum, u) => sum + u.placesUsed, 0),
      activities: inCity?.activities ?? 0,
      activityParticipants: inCity?.participants ?? 0,
      programs: usages,
    };
  });
}

/** `city|programId` → places held by members of that city. */
async function placesByCityAndProgram(store: Store, year: number, city: City | null): Promise<Map<string, number>> {
  const rows = await store.db
    .selectFrom('enrollments')
    .innerJoin('welfare_programs as p', 'p.id', 'enrollments.program_id')
    .innerJoin('members as m', 'm.id', 'enrollments.member_id')
    .select((eb) => ['m.city', 'enrollments.program_id', eb.fn.countAll().as('n')])
    .where('p.year', '=', year)
    .where('enrollments.status', 'in', [...PLACE_HOLDING])
    .$if(city !== null, (qb) => qb.where('m.city', '=', city))
    .groupBy(['m.city', 'enrollments.program_id'])
    .execute();
  return new Map(rows.map((r) => [`${r.city}|${r.program_id}`, toCount(r.n)]));
}
