import type { Store } from '../../../core/store/database';
import { CITIES, type City } from '../../../schema/enums';
import { toCount } from '../../kit';

/** ACTIVE members (one per person), optionally only new-employment-form ones, in a city or all. */
export async function countActiveMembers(store: Store, city: City | null, newEmploymentOnly: boolean): Promise<number> {
  const row = await store.db
    .selectFrom('members')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('status', '=', 'ACTIVE')
    .$if(newEmploymentOnly, (qb) => qb.where('new_employment', '=', 1))
    .$if(city !== null, (qb) => qb.where('city', '=', city))
    .executeTakeFirst();
  return toCount(row?.n);
}

/**
 * ACTIVE members per city, every city listed (zeros included) in the enum's order so dashboards get
 * a stable shape; for a city's overview, that city alone. Members without a city are not listed.
 */
export async function activeMembersByCity(store: Store, city: City | null): Promise<Array<{ city: City; count: number }>> {
  const rows = await store.db
    .selectFrom('members')
    .select((eb) => ['city', eb.fn.countAll().as('n')])
    .where('status', '=', 'ACTIVE')
    .where('city', 'is not', null)
    .$if(city !== null, (qb) => qb.where('city', '=', city))
    .groupBy('city')
    .execute();
  const cities = city ? [city] : [...CITIES];
  return cities.map((c) => ({ city: c, count: toCount(rows.find((r) => r.city === c)?.n) }));
}
