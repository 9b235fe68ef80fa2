import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Store } from '../../../core/store/database';
import type { EnterprisesTable, FormationApplicationsTable, HubTables } from '../../../core/store/tables';
import type { City, EnterpriseCategory, FormationStage } from '../../../schema/enums';
import { defineLoader, oneByKey, toConnection, toCount, type ConnectionValue, type PageRequest } from '../../kit';

export interface EnterpriseValue {
  id: string;
  name: string;
  creditCode: string | null;
  category: EnterpriseCategory;
  platform: string | null;
  divisionCode: string | null;
  city: City | null;
  unionId: string | null;
  unionized: boolean;
  employees: number | null;
  newEmploymentWorkers: number | null;
}

export interface EnterpriseQuery {
  cities?: readonly City[] | null;
  categories?: readonly EnterpriseCategory[] | null;
  platform?: string | null;
  unionized?: boolean | null;
}

export interface FormationApplicationValue {
  id: string;
  stage: FormationStage;
  submittedAt: string;
  updatedAt: string | null;
}

export function toEnterpriseValue(row: EnterprisesTable): EnterpriseValue {
  return {
    id: row.id,
    name: row.name,
    creditCode: row.credit_code,
    category: row.category as EnterpriseCategory,
    platform: row.platform,
    divisionCode: row.division_code,
    city: row.city as City | null,
    unionId: row.union_id,
    // 建会: the enterprise names its union. The same rule counts formation rates (formation.ts).
    unionized: row.union_id !== null,
    employees: row.employees,
    newEmploymentWorkers: row.new_employment_workers,
  };
}

function enterpriseWhere(eb: ExpressionBuilder<HubTables, 'enterprises'>, q: EnterpriseQuery): Expression<SqlBool> {
  const conditions: Array<Expression<SqlBool>> = [eb('deleted', '=', 0)];
  if (q.cities?.length) conditions.push(eb('city', 'in', [...q.cities]));
  if (q.categories?.length) conditions.push(eb('category', 'in', [...q.categories]));
  if (q.platform) conditions.push(eb('platform', '=', q.platform));
  if (q.unionized === true) conditions.push(eb('union_id', 'is not', null));
  if (q.unionized === false) conditions.push(eb('union_id', 'is', null));
  return eb.and(conditions);
}

export async function enterprisesPage(store: Store, q: EnterpriseQuery, page: PageRequest): Promise<ConnectionValue<EnterpriseValue>> {
  const rows = await store.db
    .selectFrom('enterprises')
    .selectAll()
    .where((eb) => enterpriseWhere(eb, q))
    .$if(page.afterKey !== null, (qb) => qb.where('id', '>', page.afterKey as string))
    .orderBy('id')
    .limit(page.first + 1)
    .execute();
  const count = async () => {
    const row = await store.db
      .selectFrom('enterprises')
      .select((eb) => eb.fn.countAll().as('n'))
      .where((eb) => enterpriseWhere(eb, q))
      .executeTakeFirst();
    return toCount(row?.n);
  };
  return toConnection(rows.map(toEnterpriseValue), page, (e) => e.id, count);
}

export const enterpriseLoader = defineLoader<string, EnterpriseValue | null>('enterpriseById', async (store, ids) => {
  const rows = await store.db.selectFrom('enterprises').selectAll().where('id', 'in', [...ids]).where('deleted', '=', 0).execute();
  return oneByKey(ids, rows.map(toEnterpriseValue), (e) => e.id);
});

/** By credit code (membership's reference to an employer); the lowest id wins if two rows share a code. */
export const enterpriseByCreditCodeLoader = defineLoader<string, EnterpriseValue | null>('enterpriseByCreditCode', async (store, codes) => {
  const rows = await store.db
    .selectFrom('enterprises')
    .selectAll()
    .where('credit_code', 'in', [...codes])
    .where('deleted', '=', 0)
    .orderBy('id')
    .execute();
  return oneByKey(codes, rows.map(toEnterpriseValue), (e) => e.creditCode as string);
});

function toApplicationValue(row: FormationApplicationsTable): FormationApplicationValue {
  return { id: row.id, stage: row.stage as FormationStage, submittedAt: row.submitted_at, updatedAt: row.stage_updated_at };
}

/** The latest application per enterprise (newest submission; id breaks ties). */
export const latestApplicationLoader = defineLoader<string, FormationApplicationValue | null>('latestFormationApplication', async (store, enterpriseIds) => {
  const rows = await store.db
    .selectFrom('formation_applications')
    .selectAll()
    .where('enterprise_id', 'in', [...enterpriseIds])
    .where('deleted', '=', 0)
    .orderBy('submitted_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return oneByKey(enterpriseIds, rows, (r) => r.enterprise_id).map((r) => (r ? toApplicationValue(r) : null));
});
