import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCreditCode } from '../../core/identity/credit-code';
import { parseResidentId } from '../../core/identity/resident-id';
import { CITIES, type City } from '../../schema/enums';
import { generateProvince, type GroundTruth } from '../../adapters/synthetic-province/generate';

/**
 * The synthetic province at a tiny scale: reproducible, holding the article's fixed figures, and
 * its ground truth agreeing with what is actually in province.sqlite.
 */
const SCALE = 0.002;
const SEED = 7;
const DAY = 86_400_000;

let dirA: string;
let dirB: string;
let truth: GroundTruth;
let db: Database.Database;

beforeAll(async () => {
  dirA = mkdtempSync(join(tmpdir(), 'province-a-'));
  dirB = mkdtempSync(join(tmpdir(), 'province-b-'));
  truth = await generateProvince({ scale: SCALE, seed: SEED, outDir: dirA });
  await generateProvince({ scale: SCALE, seed: SEED, outDir: dirB });
  db = new Database(join(dirA, 'province.sqlite'), { readonly: true });
});

afterAll(() => {
  db?.close();
  rmSync(dirA, { recursive: true, force: true });
  rmSync(dirB, { recursive: true, force: true });
});

function count(sql: string, ...params: unknown[]): number {
  return (db.prepare(sql).get(...params) as { n: number }).n;
}

function sha(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

describe('reproducibility', () => {
  it('gives byte-identical files for the same seed and scale', () => {
    expect(readFileSync(join(dirA, 'ground-truth.json'), 'utf8')).toBe(readFileSync(join(dirB, 'ground-truth.json'), 'utf8'));
    expect(sha(join(dirA, 'province.sqlite'))).toBe(sha(join(dirB, 'province.sqlite')));
  });

  it('reuses existing files with the same scale and seed instead of regenerating', async () => {
    const before = statSync(join(dirA, 'province.sqlite')).mtimeMs;
    const again = await generateProvince({ scale: SCALE, seed: SEED, outDir: dirA });
    expect(again).toEqual(truth);
    expect(statSync(join(dirA, 'province.sqlite')).mtimeMs).toBe(before);
  });

  it('counts per system what the tables hold', () => {
    for (const [system, kinds] of Object.entries(truth.records)) {
      expect(count('SELECT COUNT(*) n FROM unions WHERE system = ?', system)).toBe(kinds.unions);
      expect(count('SELECT COUNT(*) n FROM enterprises WHERE system = ?', system)).toBe(kinds.enterprises);
      expect(count('SELECT COUNT(*) n FROM members WHERE system = ?', system)).toBe(kinds.members);
      expect(count('SELECT COUNT(*) n FROM activities WHERE system = ?', system)).toBe(kinds.activities);
      expect(count("SELECT COUNT(*) n FROM activities WHERE system = ? AND kind = 'DUES'", system)).toBe(kinds.dues);
      expect(count('SELECT COUNT(*) n FROM stations WHERE system = ?', system)).toBe(kinds.stations);
      expect(count('SELECT COUNT(*) n FROM applications WHERE system = ?', system)).toBe(kinds.applications);
    }
  });
});

describe('the article figures, fixed at every scale', () => {
  it('has 12/12 platform headquarters, 159/150 branches, 61/43 cooperating employers: 205/232', () => {
    const byCategory = (category: string) => ({
      total: count('SELECT COUNT(*) n FROM enterprises WHERE category = ?', category),
      unionized: count('SELECT COUNT(*) n FROM enterprises WHERE category = ? AND union_id IS NOT NULL', category),
    });
    expect(byCategory('PLATFORM_HQ')).toEqual({ total: 12, unionized: 12 });
    expect(byCategory('PLATFORM_BRANCH')).toEqual({ total: 159, unionized: 150 });
    expect(byCategory('COOPERATING')).toEqual({ total: 61, unionized: 43 });
    expect(truth.province.formation.total).toBe(232);
    expect(truth.province.formation.unionized).toBe(205);
    expect(truth.province.formation.rate).toBeCloseTo(0.884, 3);
    const cityTotals = CITIES.reduce((s, c) => s + truth.cities[c].formation.total, 0);
    expect(cityTotals).toBe(232);
  });

  it('has 3,000 stations, exactly 159 drivers\' homes and 1,239 upgrades completed in 2024', () => {
    expect(count('SELECT COUNT(*) n FROM stations')).toBe(3000);
    expect(count("SELECT COUNT(*) n FROM stations WHERE kind = 'DRIVERS_HOME'")).toBe(159);
    expect(count("SELECT COUNT(*) n FROM stations WHERE upgrade_status = 'COMPLETED' AND upgrade_year = 2024")).toBe(1239);
    expect(truth.province.stations).toMatchObject({ total: 3000, driversHomes: 159, upgraded2024: 1239 });
  });

  it('keeps located stations in Zhejiang and lists the ones without coordinates', () => {
    const missing = db.prepare('SELECT id FROM stations WHERE lng IS NULL OR lat IS NULL ORDER BY id').all() as { id: string }[];
    expect(missing.map((r) => r.id)).toEqual(truth.missingCoordinateStationIds);
    expect(missing.length).toBe(5);
    expect(count('SELECT COUNT(*) n FROM stations WHERE lng NOT BETWEEN 118 AND 123.2 OR lat NOT BETWEEN 27 AND 31.2')).toBe(0);
  });

  it('scales people: new-employment members are 1,948,600 × scale', () => {
    expect(truth.province.newEmploymentMembers).toBe(Math.round(1_948_600 * SCALE));
  });
});

describe('the union hierarchy', () => {
  it('hangs 11 city federations and 90 county federations under 浙江省总工会', () => {
    const root = db.prepare("SELECT * FROM unions WHERE id = 'ZJGH0000000'").get() as { division: string; city: string | null; system: string };
    expect(root).toMatchObject({ division: '330000', city: null, system: 'zhejiang-digital-union' });
    const cityFederations = db.prepare("SELECT id, city, parent_id, system FROM unions WHERE type = 'FEDERATION' AND division LIKE '33__00' AND division <> '330000'").all() as { id: string; city: City; parent_id: string | null; system: string }[];
    expect(cityFederations).toHaveLength(11);
    for (const f of cityFederations) {
      if (f.city === 'NINGBO') expect(f).toMatchObject({ parent_id: null, system: 'ningbo-yonggonghui' });
      else if (f.city === 'SHAOXING') expect(f).toMatchObject({ parent_id: null, system: 'shaoxing-internet-plus' });
      else expect(f).toMatchObject({ parent_id: 'ZJGH0000000', system: 'zhejiang-digital-union' });
    }
    expect(count("SELECT COUNT(*) n FROM unions WHERE type = 'FEDERATION'")).toBe(1 + 11 + 90);
    expect(count('SELECT COUNT(*) n FROM unions u WHERE parent_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM unions p WHERE p.id = u.parent_id)')).toBe(0);
  });

  it('gives every county some grassroots unions', () => {
    const perCounty = db.prepare("SELECT division, COUNT(*) n FROM unions WHERE type IN ('GRASSROOTS', 'JOINT_GRASSROOTS') GROUP BY division").all() as { n: number }[];
    expect(perCounty).toHaveLength(90);
    expect(Math.min(...perCounty.map((r) => r.n))).toBeGreaterThanOrEqual(3);
    expect(truth.province.grassrootsUnions).toBe(count("SELECT COUNT(*) n FROM unions WHERE type IN ('GRASSROOTS', 'JOINT_GRASSROOTS')"));
  });

  it('prefixes ids per system', () => {
    const prefixes: Record<string, Record<string, RegExp>> = {
      unions: { 'zhejiang-digital-union': /^ZJGH\d{7}$/, 'ningbo-yonggonghui': /^NBGH\d{7}$/, 'shaoxing-internet-plus': /^SXGH\d{6}$/ },
      members: { 'zhejiang-digital-union': /^ZJHY\d{8}$/, 'ningbo-yonggonghui': /^NB\d{8}$/, 'shaoxing-internet-plus': /^SXHY\d{7}$/ },
      stations: { 'zhejiang-digital-union': /^ZJZD\d{6}$/, 'ningbo-yonggonghui': /^NBZD\d{6}$/, 'shaoxing-internet-plus': /^SXZD\d{6}$/ },
    };
    for (const [table, bySystem] of Object.entries(prefixes)) {
      const rows = db.prepare(`SELECT id, system FROM ${table}`).all() as { id: string; system: string }[];
      expect(rows.filter((r) => !bySystem[r.system].test(r.id))).toEqual([]);
    }
  });

  it('gives unions 8… credit codes (81… grassroots); exactly the listed ones fail the check', () => {
    const rows = db.prepare('SELECT id, type, credit_code FROM unions WHERE credit_code IS NOT NULL').all() as { id: string; type: string; credit_code: string }[];
    const failing = rows.filter((r) => !parseCreditCode(r.credit_code).ok).map((r) => r.id).sort();
    expect(failing).toEqual(truth.invalidCreditCodeUnionIds);
    expect(failing.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.credit_code.startsWith(r.type.endsWith('GRASSROOTS') ? '81' : '8')).toBe(true);
    const enterprises = db.prepare('SELECT credit_code FROM enterprises').all() as { credit_code: string }[];
    for (const e of enterprises) expect(parseCreditCode(e.credit_code).ok).toBe(true);
  });
});

describe('members', () => {
  interface MemberCheckRow {
    id: string;
    city: City;
    id_type: string;
    id_number: string;
    occupations: string;
    status: string;
    updated_at: string;
    joined_on: string;
  }
  let members: MemberCheckRow[];
  beforeAll(() => {
    members = db.prepare('SELECT id, city, id_type, id_number, occupations, status, updated_at, joined_on FROM members').all() as MemberCheckRow[];
  });

  it('has valid resident IDs except the listed ones, which fail their check character', () => {
    const invalid = new Set(truth.invalidIdSourceIds);
    expect(invalid.size).toBeGreaterThan(0);
    const wrong: string[] = [];
    for (const m of members.filter((r) => r.id_type === 'RESIDENT_ID')) {
      const parsed = parseResidentId(m.id_number);
      const expected = invalid.has(m.id)
        ? !parsed.ok && parsed.rule === 'CHECKSUM'
        : parsed.ok && parsed.birthDate >= '1960-01-01' && parsed.birthDate <= '2004-12-31';
      if (!expected) wrong.push(`${m.id} ${m.id_number}`);
    }
    expect(wrong).toEqual([]);
    for (const id of invalid) expect(members.find((m) => m.id === id)?.id_type).toBe('RESIDENT_ID');
    expect(members.some((m) => m.id_type !== 'RESIDENT_ID')).toBe(true);
  });

  it('agrees with the ground truth under the written survivorship rule', () => {
    const invalid = new Set(truth.invalidIdSourceIds);
    const persons = new Map<string, MemberCheckRow[]>();
    for (const m of members) {
      if (invalid.has(m.id)) continue;
      const key = `${m.id_type}:${m.id_number}`;
      persons.set(key, [...(persons.get(key) ?? []), m]);
    }
    const byCity = Object.fromEntries(CITIES.map((c) => [c, 0])) as Record<City, number>;
    let active = 0;
    let newEmployment = 0;
    for (const records of persons.values()) {
      const actives = records.filter((r) => r.status === 'ACTIVE').sort((a, b) => (a.updated_at < b.updated_at ? 1 : -1));
      if (actives.length === 0) continue;
      active++;
      byCity[actives[0].city]++;
      if (records.some((r) => r.occupations !== '')) newEmployment++;
    }
    expect(active).toBe(truth.province.members);
    expect(newEmployment).toBe(truth.province.newEmploymentMembers);
    expect(byCity).toEqual(truth.province.membersByCity);

    const duplicates = [...persons.entries()].filter(([, r]) => r.length > 1);
    expect(Object.keys(truth.duplicatePersons).sort()).toEqual(duplicates.map(([k]) => k).sort());
    for (const [key, records] of duplicates) {
      expect(new Set(records.map((r) => r.city)).size).toBe(2);
      expect(truth.duplicatePersons[key].slice().sort()).toEqual(records.map((r) => r.id).sort());
    }
  });

  it('records transfers as TRANSFERRED_OUT in one city and ACTIVE, later, in another', () => {
    expect(truth.transfers.length).toBeGreaterThan(0);
    const byId = new Map(members.map((m) => [m.id, m]));
    for (const t of truth.transfers) {
      const from = byId.get(t.fromSourceId);
      const to = byId.get(t.toSourceId);
      expect(from).toMatchObject({ status: 'TRANSFERRED_OUT', city: t.fromCity });
      expect(to).toMatchObject({ status: 'ACTIVE', city: t.toCity });
      expect(t.fromCity).not.toBe(t.toCity);
      expect(to!.updated_at > from!.updated_at).toBe(true);
    }
    expect(truth.dualActivePersonKeys.every((k) => truth.duplicatePersons[k]?.length === 2)).toBe(true);
  });

  it('places every instant in the two years before asOf, and joins within five years', () => {
    const asOf = Date.parse(`${truth.asOf}T00:00:00Z`);
    const outOfPlace = members.filter((m) => {
      const t = Date.parse(m.updated_at);
      return !(t < asOf && t >= asOf - 730 * DAY && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(m.updated_at)
        && m.joined_on <= m.updated_at.slice(0, 10) && Date.parse(m.joined_on) >= asOf - 1827 * DAY);
    });
    expect(outOfPlace).toEqual([]);
  });
});

describe('quiet unions', () => {
  it('have had no activity, dues or member change in the 180 days before asOf, and no other grassroots union is quiet', () => {
    expect(truth.quietUnionIds.length).toBeGreaterThan(0);
    const since = new Date(Date.parse(`${truth.asOf}T00:00:00Z`) - 180 * DAY);
    const sinceDate = since.toISOString().slice(0, 10);
    const sinceInstant = since.toISOString();
    const lively = new Set((db.prepare(`
      SELECT union_id FROM activities WHERE date >= ? OR updated_at >= ?
      UNION SELECT union_id FROM members WHERE updated_at >= ? OR joined_on >= ?
    `).all(sinceDate, sinceInstant, sinceInstant, sinceDate) as { union_id: string }[]).map((r) => r.union_id));
    const grassroots = (db.prepare("SELECT id FROM unions WHERE type IN ('GRASSROOTS', 'JOINT_GRASSROOTS')").all() as { id: string }[]).map((r) => r.id);
    const silent = grassroots.filter((id) => !lively.has(id)).sort();
    expect(silent).toEqual(truth.quietUnionIds);
    expect(truth.province.quietUnions).toBe(truth.quietUnionIds.length);
  });

  it('pay monthly dues with amounts elsewhere', () => {
    const dues = db.prepare("SELECT amount_yuan, date FROM activities WHERE kind = 'DUES' LIMIT 200").all() as { amount_yuan: number; date: string }[];
    expect(dues.length).toBeGreaterThan(0);
    for (const d of dues) {
      expect(d.amount_yuan).toBeGreaterThan(0);
      expect(d.date.endsWith('-01')).toBe(true);
    }
  });
});
