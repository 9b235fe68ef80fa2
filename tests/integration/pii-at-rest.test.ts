import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Webhook } from 'standardwebhooks';
import type { Runtime } from '../../cli/runtime';
import { startServices, type RunningServices } from '../../cli/services';
import { registerSources } from '../../adapters/pipeline/sources';
import { loadConfig } from '../../core/config';
import { checkCharacter } from '../../core/identity/resident-id';
import { createLogger } from '../../core/logger';
import type { Store } from '../../core/store/database';
import { bearer, TEST_JWT_SECRET, tokenFor } from '../support/auth';
import { provincialMember } from '../support/provincial-records';
import { testPii } from '../support/pii';
import { freePortBase } from '../support/ports';
import { post } from '../support/secured-hub';
import { STORE_VARIANTS } from '../support/stores';

/**
 * No plaintext ID number or mobile at rest or in the logs. A member with a known resident ID
 * number and mobile enters a hub started as `hub start` starts it (every service, the real
 * logger) through the provincial push endpoint, with two malformed deliveries that carry the same
 * number and become dead letters; an admin then looks the member up and discloses both values
 * through the gateway. Afterwards every byte of the SQLite files (db, -wal, -shm), a pg_dump of
 * the PostgreSQL schema and every log line are searched for each form of the number and the mobile.
 */
const execFileAsync = promisify(execFile);
const SECRET = 'whsec_' + Buffer.alloc(24, 9).toString('base64');
const PG_URL = process.env.HUB_TEST_DATABASE_URL;

/** A Shaoxing resident born 1985-07-12 whose check character is X (so the lower-case form applies). */
function residentIdEndingInX(): string {
  for (let seq = 100; seq < 1000; seq++) {
    const first17 = `33060219850712${seq}`;
    if (checkCharacter(first17) === 'X') return `${first17}X`;
  }
  throw new Error('no sequence number gives the check character X');
}
const ID_NUMBER = residentIdEndingInX();
/** The legacy 15-digit form of the same number: no century, no check character. */
const ID_15 = ID_NUMBER.slice(0, 6) + ID_NUMBER.slice(8, 17);
const MOBILE = '13957512468';
/** What must appear nowhere. */
const SECRETS = [ID_NUMBER, ID_NUMBER.toLowerCase(), ID_15, MOBILE];

function signed(id: string, body: string): Record<string, string> {
  const signature = new Webhook(SECRET).sign(id, new Date(), body);
  return { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': signature };
}

/** Each secret found in `bytes`, by name of where it was looked for. */
function found(where: string, bytes: Buffer): string[] {
  return SECRETS.filter((s) => bytes.includes(Buffer.from(s, 'utf8'))).map((s) => `${s} in ${where}`);
}

async function bytesAtRest(store: Store): Promise<Array<[string, Buffer]>> {
  if (store.dialect === 'sqlite') {
    return ['', '-wal', '-shm'].map((suffix) => `${store.location}${suffix}`).filter((f) => existsSync(f)).map((f) => [f, readFileSync(f)]);
  }
  const { stdout } = await execFileAsync('/usr/bin/pg_dump', ['--schema', store.pgSchema!, '--no-owner', PG_URL!], { maxBuffer: 256 * 1024 * 1024, encoding: 'buffer' });
  return [[`pg_dump --schema ${store.pgSchema}`, stdout]];
}

describe.each(STORE_VARIANTS)('personal data at rest ($name)', (variant) => {
  let store: Store & { dispose(): Promise<void> };
  let services: RunningServices;
  let dataDir: string;
  const lines: string[] = [];

  beforeAll(async () => {
    store = await variant.open();
    dataDir = mkdtempSync(join(tmpdir(), 'hub-pii-'));
    const configFile = join(dataDir, 'hub.json');
    writeFileSync(configFile, JSON.stringify({
      sources: [{ id: 'province', adapter: 'zhejiang-digital-union', cities: ['SHAOXING'], baseUrl: 'http://127.0.0.1:1', apiKey: 'k', webhookSecret: SECRET }],
    }));
    const config = loadConfig({ dataDir, configFile, portBase: await freePortBase(), env: { HUB_JWT_SECRET: TEST_JWT_SECRET } });
    await registerSources(store, config.sources);
    const runtime: Runtime = { config, store, pii: testPii(), close: async () => undefined };
    const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(line) } });
    services = await startServices({
      runtime, logger, host: '127.0.0.1', demo: false,
      services: ['membership', 'organizations', 'stations', 'welfare', 'gateway', 'ingest'],
    });
  });

  afterAll(async () => {
    await services?.close();
    await store?.dispose();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const push = (id: string, body: string) =>
    fetch(`${services.ingest!.url}/ingest/zhejiang-digital-union/events`, { method: 'POST', headers: signed(id, body), body });

  it('takes the member and keeps the malformed deliveries as dead letters', async () => {
    const member = provincialMember('ZJHY0000700', { idNumber: ID_NUMBER, mobile: MOBILE, division: '330602' });
    expect((await push('good-1', JSON.stringify({ type: 'member.upserted', data: member }))).status).toBe(204);
    // A record the mapper refuses (an unknown occupation), its number written with a lower-case x
    // and repeated, with the mobile, in a free-text remark.
    const refused = { ...member, id: 'ZJHY0000701', idNumber: ID_NUMBER.toLowerCase(), occupations: ['ASTRONAUT'], remark: `证件${ID_NUMBER.toLowerCase()} tel${MOBILE}` };
    expect((await push('bad-record', JSON.stringify({ type: 'member.upserted', data: refused }))).status).toBe(204);
    // A delivery that cannot be read at all: the upstream shifted its columns, and the 15-digit
    // legacy number sits where the event type belongs.
    const shifted = JSON.stringify({ type: ID_15, data: { name: '王芳', mobile: MOBILE, idNumber: ID_NUMBER } });
    expect((await push('bad-delivery', shifted)).status).toBe(204);
    await services.ingest!.drained();

    const inbox = await store.db.selectFrom('inbox').select(['delivery_id', 'status']).orderBy('delivery_id').execute();
    expect(inbox).toEqual([
      { delivery_id: 'bad-delivery', status: 'DEAD' },
      { delivery_id: 'bad-record', status: 'APPLIED' },
      { delivery_id: 'good-1', status: 'APPLIED' },
    ]);
    const letters = await store.db.selectFrom('dead_letters').select(['source_record_id', 'rule']).orderBy('source_record_id').execute();
    expect(letters).toEqual([
      { source_record_id: 'ZJHY0000701', rule: 'ENUM' },
      { source_record_id: 'bad-delivery', rule: 'DECODE' },
    ]);
  });

  it('finds the member by its number and discloses it to an admin, through the gateway', async () => {
    const admin = await tokenFor('PROVINCE_ADMIN', { sub: 'pii-auditor' });
    const query = 'query Find($n: String) { member(idNumber: $n) { id idNumberMasked mobileMasked idNumber(purpose: "PII test") mobile(purpose: "PII test") } }';
    const reply = await post(services.gateway!.url, { query, variables: { n: ID_NUMBER.toLowerCase() }, operationName: 'Find' }, bearer(admin));
    expect(reply.body.errors).toBeUndefined();
    expect(reply.body.data?.member).toEqual({
      id: expect.any(String),
      idNumberMasked: `${ID_NUMBER.slice(0, 6)}********${ID_NUMBER.slice(14)}`,
      mobileMasked: `${MOBILE.slice(0, 3)}****${MOBILE.slice(7)}`,
      idNumber: ID_NUMBER,
      mobile: MOBILE,
    });
  });

  it('leaves neither the ID number (any form) nor the mobile in the store or the logs', async () => {
    expect(lines.length).toBeGreaterThan(0);
    const leaks = [
      ...(await bytesAtRest(store)).flatMap(([where, bytes]) => found(where, bytes)),
      ...found('the log lines', Buffer.from(lines.join(''), 'utf8')),
    ];
    expect(leaks).toEqual([]);
  });
});
