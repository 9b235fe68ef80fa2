import { Gauge, type Registry } from 'prom-client';
import type { Store } from '../store/database';

/**
 * `hub_union_health{city, status}`: monitored grassroots unions by city and health status, read
 * from the stored verdicts each time /metrics is scraped (one GROUP BY). Registered on the
 * registry of whatever serves /metrics and can reach the store (under `hub start`, the gateway).
 * Unions in no city are labelled city="".
 */
export const HEALTH_GAUGE_NAME = 'hub_union_health';

export function registerHealthGauge(registry: Registry, store: Store): Gauge<'city' | 'status'> {
  return new Gauge({
    name: HEALTH_GAUGE_NAME,
    help: 'Monitored grassroots unions by city and health status (passive monitoring, latest verdicts)',
    labelNames: ['city', 'status'] as const,
    registers: [registry],
    async collect() {
      const rows = await store.db
        .selectFrom('union_health')
        .innerJoin('unions', 'unions.id', 'union_health.union_id')
        .select(['unions.city', 'union_health.status', (eb) => eb.fn.countAll().as('n')])
        .where('unions.deleted', '=', 0)
        .groupBy(['unions.city', 'union_health.status'])
        .execute();
      this.reset();
      for (const r of rows) this.set({ city: r.city ?? '', status: r.status }, Number(r.n));
    },
  });
}
