import type { Store } from '../store/database';
import type { RunResult } from './run';

/**
 * Status changes POSTed as JSON to the configured alert URL after a run, so a county union's own
 * system (or a chat webhook relay) hears of a union turning AT_RISK or INACTIVE without polling:
 * ```json
 * {"asOf": "2025-12-31", "scope": "PROVINCE", "evaluatedAt": "…", "part": 1, "parts": 1,
 *  "changes": [{"unionId": "…", "name": "…", "city": "NINGBO", "divisionCode": "330282",
 *               "previousStatus": "ACTIVE", "status": "INACTIVE", "flags": [{"code": "NO_ACTIVITY", …}]}]}
 * ```
 * Large runs are split into parts of CHANGES_PER_POST. A failed POST does not undo the run (the
 * verdicts and history are stored); it is reported so the operator can look.
 */
const CHANGES_PER_POST = 1000;
const TIMEOUT_MS = 10_000;

export interface AlertOutcome {
  posted: number;
  error: string | null;
}

async function describeUnions(store: Store, ids: readonly string[]) {
  const out = new Map<string, { name: string; city: string | null; division_code: string }>();
  for (let i = 0; i < ids.length; i += 900) {
    const rows = await store.db.selectFrom('unions').select(['id', 'name', 'city', 'division_code']).where('id', 'in', ids.slice(i, i + 900)).execute();
    for (const r of rows) out.set(r.id, r);
  }
  return out;
}

export async function postStatusChanges(store: Store, url: string, run: RunResult): Promise<AlertOutcome> {
  if (run.changes.length === 0) return { posted: 0, error: null };
  const unions = await describeUnions(store, run.changes.map((c) => c.unionId));
  const changes = run.changes.map((c) => {
    const u = unions.get(c.unionId);
    return { unionId: c.unionId, name: u?.name ?? null, city: u?.city ?? null, divisionCode: u?.division_code ?? null, previousStatus: c.previousStatus, status: c.status, flags: c.flags };
  });
  const parts = Math.ceil(changes.length / CHANGES_PER_POST);
  let posted = 0;
  for (let part = 0; part < parts; part++) {
    const body = {
      asOf: run.asOf, scope: run.scope, evaluatedAt: run.evaluatedAt, part: part + 1, parts,
      changes: changes.slice(part * CHANGES_PER_POST, (part + 1) * CHANGES_PER_POST),
    };
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) return { posted, error: `alert URL answered HTTP ${res.status} for part ${part + 1} of ${parts}` };
    } catch (e) {
      return { posted, error: `alert POST failed for part ${part + 1} of ${parts}: ${(e as Error).message}` };
    }
    posted += body.changes.length;
  }
  return { posted, error: null };
}
