import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { startHub, type RunningHub } from '../../cli/commands/start';
import { DEMO_WEBHOOK_SECRET } from '../../cli/demo';
import { loadConfig, servicePorts } from '../../core/config';
import { loadTokenKeys } from '../../core/auth/keys';
import { issueToken } from '../../core/auth/token-issuer';
import { createTokenVerifier } from '../../core/auth/token-verifier';
import type { GroundTruth } from '../../adapters/synthetic-province/ground-truth';
import { pushEvent } from '../../adapters/zhejiang-digital-union/simulator';
import { freePortBase } from '../support/ports';
import { gql } from '../support/graphql';
import { provincialMember, residentId } from '../support/provincial-records';

/**
 * The whole demo as a user starts it: synthetic province → simulator over HTTP → sync → four
 * subgraphs → gateway. What the dashboard sees must equal the generator's ground truth. The
 * gateway wants a bearer token even in the demo: the test signs one with the demo key, as
 * `hub token --role PROVINCE_ADMIN` would.
 */
const SCALE = 0.002;

describe('hub start (demo) end to end', () => {
  let hub: RunningHub;
  let truth: GroundTruth;
  let dataDir: string;
  let url: string;
  let ingestUrl: string;
  let auth: Record<string, string>;
  let config: ReturnType<typeof loadConfig>;
  const output = new PassThrough();
  let printed = '';
  output.on('data', (c: Buffer) => { printed += c.toString(); });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hub-demo-'));
    const portBase = await freePortBase();
    config = loadConfig({ dataDir, portBase, env: {} });
    hub = await startHub({ config, demo: true, scale: SCALE, seed: 11, out: output });
    truth = JSON.parse(readFileSync(join(dataDir, 'sim', 'ground-truth.json'), 'utf8')) as GroundTruth;
    url = hub.services.gateway!.url;
    ingestUrl = `http://127.0.0.1:${servicePorts(portBase).ingest}`;
    const { token } = await issueToken(loadTokenKeys(config, { demo: true }).signingSecret!, { role: 'PROVINCE_ADMIN', subject: 'e2e', ttlSeconds: 600 });
    auth = { authorization: `Bearer ${token}` };
  }, 240_000);

  afterAll(async () => {
    await hub?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints progress, the URL and an example query', () => {
    expect(printed).toContain('syncing');
    expect(printed).toMatch(/source province: [\d,]+ applied/);
    expect(printed).toContain(`union-hub is ready: ${url}`);
    expect(printed).toContain('query ProvinceOverview');
    expect(printed).toContain('demo ANALYST token');
  });

  it('refuses GraphQL without a token, and opens GraphiQL with a demo ANALYST token', async () => {
    const refused = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ sources { id } }' }) });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED', reason: 'missing' } }] });
    const page = await (await fetch(url, { headers: { accept: 'text/html' } })).text();
    const demoToken = /Bearer (eyJ[A-Za-z0-9._-]+)/.exec(page)?.[1];
    expect(demoToken).toBeDefined();
    const keys = loadTokenKeys(config, { demo: true });
    expect(await createTokenVerifier(keys.key).verify(demoToken!)).toEqual({ subject: 'demo-analyst', role: 'ANALYST', city: null });
    const res = await gql<{ overview: { members: number } }>(url, '{ overview { members } }', undefined, { authorization: `Bearer ${demoToken}` });
    expect(res.data!.overview.members).toBe(truth.province.members);
  });

  it('answers the province overview with the ground truth', async () => {
    const res = await gql<{ overview: Record<string, unknown> }>(url, `{
      overview { scope city members newEmploymentMembers membersByCity { city count } grassrootsUnions
        formation { total unionized rate } stations driversHomes stationsUpgradedByYear { year count } welfarePlacesUsed } }`, undefined, auth);
    expect(res.errors).toBeUndefined();
    const p = truth.province;
    expect(res.data!.overview).toMatchObject({
      scope: '330000', city: null,
      members: p.members,
      newEmploymentMembers: p.newEmploymentMembers,
      grassrootsUnions: p.grassrootsUnions,
      formation: { total: 232, unionized: 205, rate: 0.884 },
      stations: p.stations.total,
      driversHomes: 159,
      welfarePlacesUsed: 0,
    });
    expect(res.data!.overview.stationsUpgradedByYear).toEqual(p.stations.upgradesCompletedByYear);
    expect(res.data!.overview.stationsUpgradedByYear).toContainEqual({ year: 2024, count: 1239 });
    const byCity = Object.fromEntries((res.data!.overview.membersByCity as Array<{ city: string; count: number }>).map((c) => [c.city, c.count]));
    expect(byCity).toEqual(Object.fromEntries(Object.entries(p.membersByCity).filter(([, n]) => n > 0)));
  });

  it('answers a city overview with that city\'s figures', async () => {
    const res = await gql<{ overview: Record<string, unknown> }>(url, '{ overview(city: NINGBO) { scope members grassrootsUnions stations } }', undefined, auth);
    const c = truth.cities.NINGBO;
    expect(res.data!.overview).toEqual({ scope: '330200', members: c.members, grassrootsUnions: c.grassrootsUnions, stations: c.stations.total });
  });

  it('links city federations to the province federation, whichever system they come from', async () => {
    const res = await gql<{ unions: { edges: Array<{ node: { division: { code: string }; parent: { id: string; division: { code: string } } | null } }> } }>(
      url, '{ unions(filter: { types: [FEDERATION] }, first: 200) { edges { node { division { code } parent { id division { code } } } } } }', undefined, auth);
    expect(res.errors).toBeUndefined();
    const cityFederations = res.data!.unions.edges.map((e) => e.node).filter((u) => /^33\d{2}00$/.test(u.division.code) && u.division.code !== '330000');
    expect(cityFederations).toHaveLength(11);
    for (const u of cityFederations) expect(u.parent?.division.code).toBe('330000');
  });

  it('keeps every invalid ID number as a dead letter and reports the source', async () => {
    const res = await gql<{ sources: Array<{ id: string; recordsApplied: number; deadLetters: number; checkpoint: string; lastSyncFinishedAt: string }> }>(
      url, '{ sources { id adapter cities recordsApplied deadLetters checkpoint lastSyncFinishedAt lastError } }', undefined, auth);
    expect(res.errors).toBeUndefined();
    const byId = Object.fromEntries(res.data!.sources.map((s) => [s.id, s]));
    expect(Object.keys(byId).sort()).toEqual(['ningbo', 'province', 'shaoxing']);
    // Every record whose resident ID fails its check, whichever system sent it, is a dead letter.
    const sources = Object.values(byId);
    expect(sources.reduce((n, s) => n + s.deadLetters, 0)).toBe(truth.invalidIdSourceIds.length);
    expect(byId.ningbo.deadLetters).toBe(truth.invalidIdSourceIds.filter((id) => id.startsWith('NB')).length);
    expect(byId.shaoxing.deadLetters).toBe(truth.invalidIdSourceIds.filter((id) => id.startsWith('SX')).length);
    expect(sources.reduce((n, s) => n + s.recordsApplied, 0)).toBeGreaterThan(truth.province.members);
    expect(JSON.parse(byId.province.checkpoint)).toHaveProperty(['members/330100']);
    expect(JSON.parse(byId.ningbo.checkpoint)).toHaveProperty(['members']);
    for (const s of res.data!.sources) expect(s.lastSyncFinishedAt).not.toBeNull();
  });

  it('applies a signed push and shows the new member through the gateway', async () => {
    const idNumber = residentId('330106', '19950505', '777');
    const res = await pushEvent({
      url: `${ingestUrl}/ingest/zhejiang-digital-union/events`, secret: DEMO_WEBHOOK_SECRET, type: 'member.upserted',
      data: provincialMember('ZJHY9999001', { idNumber, name: '测试骑手', unionId: 'ZJGH0000000', updatedAt: new Date().toISOString() }),
    });
    expect(res.status).toBeLessThan(300);
    await hub.services.ingest!.drained();
    const found = await gql<{ members: { totalCount: number; edges: Array<{ node: { name: string; idNumberMasked: string } }> } }>(
      url, '{ members(filter: { nameContains: "测试骑手" }) { totalCount edges { node { name idNumberMasked } } } }', undefined, auth);
    expect(found.errors).toBeUndefined();
    expect(found.data!.members.totalCount).toBe(1);
    expect(found.data!.members.edges[0].node.idNumberMasked).toBe(`330106********${idNumber.slice(-4)}`);
  });
});
