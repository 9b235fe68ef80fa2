import { checkCharacter } from '../../core/identity/resident-id';
import { mulberry32 } from '../../adapters/synthetic-province/random';
import { signStandardWebhook } from '../../adapters/zhejiang-digital-union/simulator';

/**
 * A burst of provincial pushes with the faults upstreams really send: the same delivery again
 * (its retries), an older version of a member after a newer one (deliveries overtaking each
 * other), and signed bodies the hub cannot read. The plan knows what the store must hold after it.
 */
export const PUSH_PATH = '/ingest/zhejiang-digital-union/events';

export interface PlannedDelivery {
  id: string;
  body: string;
  kind: 'member' | 'older' | 'duplicate' | 'malformed';
}

export interface BurstPlan {
  deliveries: PlannedDelivery[];
  /** Distinct delivery ids (a duplicate shares its original's). */
  distinctIds: string[];
  /** Member id → what the store must hold: the newest version's name and version. */
  truth: Map<string, { name: string; version: number }>;
  /** The deliveries that must end as dead letters, and only they. */
  malformedIds: string[];
  figures: { deliveries: number; members: number; duplicates: number; reordered: number; malformed: number };
}

const BASE_MS = Date.UTC(2025, 0, 1);

function residentId(k: number): string {
  const birth = new Date(Date.UTC(1960, 0, 1) + k * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `330106${birth}${String(100 + (k % 800)).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

function memberRecord(id: string, k: number, name: string, updatedMs: number, idNumber = residentId(k)) {
  return {
    id, name, idType: 'RESIDENT_ID', idNumber, gender: 'MALE', mobile: `138${String(k).padStart(8, '0')}`,
    unionId: 'ZJGH0000100', joinedAt: '2024-05-01', joinChannel: 'QR_CODE', occupations: ['FOOD_DELIVERY'],
    employer: { name: '某配送站', creditCode: '' }, status: 'ACTIVE', updatedAt: new Date(updatedMs).toISOString(), deleted: false,
  };
}

const upsert = (data: unknown) => JSON.stringify({ type: 'member.upserted', data });

/**
 * Signed JSON the hub cannot apply, three ways: an event without its record, an unknown event
 * type, an ID that fails its check character. (Bodies that are not UTF-8 JSON at all are refused
 * at the door with 400 and never stored: tests/integration/bad-input-corpus.test.ts.)
 */
function malformedBody(n: number): string {
  switch (n % 3) {
    case 0: return JSON.stringify({ type: 'member.upserted', id: `ZJHY9${String(n).padStart(7, '0')}` });
    case 1: return JSON.stringify({ type: 'member.exploded', data: { id: `ZJHY9${String(n).padStart(7, '0')}` } });
    default: {
      const good = residentId(90_000 + n);
      const bad = good.slice(0, 17) + (good.endsWith('0') ? '1' : '0');
      return upsert(memberRecord(`ZJHY9${String(n).padStart(7, '0')}`, 90_000 + n, '坏证件', BASE_MS, bad));
    }
  }
}

export function planBurst(total: number, seed = 7): BurstPlan {
  const random = mulberry32(seed);
  const duplicates = Math.round(total * 0.10);
  const reordered = Math.round(total * 0.05);
  const malformed = Math.round(total * 0.02);
  const members = total - duplicates - reordered - malformed;
  const ordered: PlannedDelivery[] = [];
  const truth: BurstPlan['truth'] = new Map();
  const olderOnes: Array<{ after: number; delivery: PlannedDelivery }> = [];
  for (let k = 0; k < members; k++) {
    const id = `ZJHY8${String(k).padStart(7, '0')}`;
    const version = BASE_MS + 86_400_000 + k * 1000;
    ordered.push({ id: `burst-${k}`, kind: 'member', body: upsert(memberRecord(id, k, `新${k}`, version)) });
    truth.set(id, { name: `新${k}`, version });
    // The first `reordered` members also have an older version, delivered after the newer one.
    if (k < reordered) olderOnes.push({ after: k, delivery: { id: `burst-old-${k}`, kind: 'older', body: upsert(memberRecord(id, k, `旧${k}`, version - 86_400_000)) } });
  }
  const deliveries = [...ordered];
  for (const { after, delivery } of olderOnes) {
    const position = after + 1 + Math.floor(random() * (deliveries.length - after));
    deliveries.splice(position, 0, delivery);
  }
  const malformedIds: string[] = [];
  for (let n = 0; n < malformed; n++) {
    const id = `burst-bad-${n}`;
    malformedIds.push(id);
    deliveries.splice(Math.floor(random() * deliveries.length), 0, { id, kind: 'malformed', body: malformedBody(n) });
  }
  const distinctIds = deliveries.map((d) => d.id);
  for (let n = 0; n < duplicates; n++) {
    // A retry of a delivery already sent: same id, same body, after the original.
    const original = Math.floor(random() * deliveries.length);
    const copy = { ...deliveries[original], kind: 'duplicate' as const };
    deliveries.splice(original + 1 + Math.floor(random() * (deliveries.length - original)), 0, copy);
  }
  return { deliveries, distinctIds, truth, malformedIds, figures: { deliveries: deliveries.length, members, duplicates, reordered, malformed } };
}

export type SendOutcome = { acknowledged: true; status: number } | { acknowledged: false; reason: string };

/** POSTs one delivery signed now, as the provincial platform does on each attempt. */
export async function sendDelivery(ingestUrl: string, secret: string, delivery: PlannedDelivery): Promise<SendOutcome> {
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const response = await fetch(ingestUrl + PUSH_PATH, {
      method: 'POST',
      headers: {
        'content-type': 'application/json', 'webhook-id': delivery.id, 'webhook-timestamp': String(timestamp),
        'webhook-signature': signStandardWebhook(secret, delivery.id, timestamp, delivery.body),
      },
      body: delivery.body,
    });
    await response.arrayBuffer();
    return response.status >= 200 && response.status < 300
      ? { acknowledged: true, status: response.status }
      : { acknowledged: false, reason: `HTTP ${response.status}` };
  } catch (e) {
    return { acknowledged: false, reason: (e as Error).message };
  }
}

/**
 * Sends deliveries in order, `concurrency` at a time, and reports each outcome as it comes.
 * `stopWhen` lets a drill stop feeding new ones (the outcomes of those in flight still arrive).
 */
export async function sendAll(
  ingestUrl: string,
  secret: string,
  deliveries: PlannedDelivery[],
  options: { concurrency: number; onOutcome?: (index: number, outcome: SendOutcome) => void; perSecond?: number },
): Promise<SendOutcome[]> {
  const outcomes: SendOutcome[] = new Array(deliveries.length);
  let next = 0;
  const started = Date.now();
  const worker = async () => {
    for (;;) {
      const index = next++;
      if (index >= deliveries.length) return;
      if (options.perSecond) {
        const due = started + (index / options.perSecond) * 1000;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      }
      outcomes[index] = await sendDelivery(ingestUrl, secret, deliveries[index]);
      options.onOutcome?.(index, outcomes[index]);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return outcomes;
}
