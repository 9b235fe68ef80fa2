import type { Store } from '../../../core/store/database';
import { ENTERPRISE_CATEGORIES, PLATFORM_ECONOMY, type City, type EnterpriseCategory } from '../../../schema/enums';
import { toCount } from '../../kit';

export interface CategoryStatsValue {
  category: EnterpriseCategory;
  total: number;
  unionized: number;
  rate: number;
}

export interface FormationStatsValue {
  city: City | null;
  categories: CategoryStatsValue[];
  total: number;
  unionized: number;
  rate: number;
}

/** unionized / total to three decimals (205 / 232 → 0.884); 0 when there is nothing to count. */
export function formationRate(unionized: number, total: number): number {
  return total === 0 ? 0 : Math.round((unionized / total) * 1000) / 1000;
}

/**
 * 建会率 for the province or a city: one GROUP BY over enterprises. Every category is listed (zeros
 * included) so dashboards get a stable shape; the headline figures cover the platform economy only.
 */
export async function formationStats(store: Store, city: City | null): Promise<FormationStatsValue> {
  const rows = await store.db
    .selectFrom('enterprises')
    .select((eb) => [
      'category',
      eb.fn.countAll().as('total'),
      eb.fn.count('union_id').as('unionized'), // COUNT(col) counts non-null values: enterprises with a union
    ])
    .where('deleted', '=', 0)
    .$if(city !== null, (qb) => qb.where('city', '=', city))
    .groupBy('category')
    .execute();
  const categories = ENTERPRISE_CATEGORIES.map((category): CategoryStatsValue => {
    const row = rows.find((r) => r.category === category);
    const total = toCount(row?.total);
    const unionized = toCount(row?.unionized);
    return { category, total, unionized, rate: formationRate(unionized, total) };
  });
  const platform = categories.filter((c) => PLATFORM_ECONOMY.includes(c.category));
  const total = platform.reduce((s, c) => s + c.total, 0);
  const unionized = platform.reduce((s, c) => s + c.unionized, 0);
  return { city, categories, total, unionized, rate: formationRate(unionized, total) };
}
