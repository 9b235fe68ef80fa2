import { bearer, tokenFor } from '../support/auth';
import { post, rowCounts, startSecuredHub, type Reply, type SecuredHub } from '../support/secured-hub';
import { STORE_VARIANTS } from '../support/stores';

/**
 * SQL, wildcards and control characters in every string argument and filter of the contract,
 * through the gateway of a secured hub, on every store: each is treated as data (found nothing,
 * or refused as bad input), nothing crashes, no row changes, the log repeats none of it.
 */
/** Strings that would do harm if pasted into SQL, a log or a terminal; they must come back as plain data. */
const HOSTILE_STRINGS = [
  "' OR '1'='1",
  "'; DROP TABLE members; --",
  '" OR ""="',
  '%',
  '_',
  '\\',
  'x\u0000y',
  'lone \ud800 surrogate',
  '\u001b[2J\u001b[31mred',
  'line\r\nX-Injected: 1',
  '王芳\'--',
  '𠀀'.repeat(200),
];

/** Every string argument and string filter of the contract's queries, one request each. */
const STRING_INPUTS: Array<[string, string]> = [
  ['members.nameContains', 'query($s: String!) { members(filter: { nameContains: $s }) { totalCount edges { node { id } } } }'],
  ['members.unionId', 'query($s: ID!) { members(filter: { unionId: $s }) { totalCount } }'],
  ['members.after', 'query($s: String!) { members(after: $s) { totalCount } }'],
  ['memberStats.nameContains', 'query($s: String!) { memberStats(filter: { nameContains: $s }, groupBy: [CITY]) { key count } }'],
  ['member.id', 'query($s: ID!) { member(id: $s) { id } }'],
  ['member.idNumber', 'query($s: String!) { member(idNumber: $s) { id } }'],
  ['unions.nameContains', 'query($s: String!) { unions(filter: { nameContains: $s }) { totalCount } }'],
  ['unions.divisionCode', 'query($s: String!) { unions(filter: { divisionCode: $s }) { totalCount } }'],
  ['unions.parentId', 'query($s: ID!) { unions(filter: { parentId: $s }) { totalCount } }'],
  ['union.id', 'query($s: ID!) { union(id: $s) { id } }'],
  ['enterprises.platform', 'query($s: String!) { enterprises(filter: { platform: $s }) { totalCount } }'],
  ['enterprise.id', 'query($s: ID!) { enterprise(id: $s) { id } }'],
  ['station.id', 'query($s: ID!) { station(id: $s) { id } }'],
  ['welfareProgram.id', 'query($s: ID!) { welfareProgram(id: $s) { id } }'],
  ['dataIssues.code', 'query($s: String!) { dataIssues(code: $s) { totalCount } }'],
  ['dataIssues.system', 'query($s: String!) { dataIssues(system: $s) { totalCount } }'],
  ['enroll', 'mutation($s: ID!) { enroll(programId: $s, memberId: $s) { id } }'],
];

describe.each(STORE_VARIANTS.map((v) => [v.name, v] as const))('security: hostile strings in every string input (%s)', (_name, variant) => {
  let hub: SecuredHub;
  let token: string;

  beforeAll(async () => {
    hub = await startSecuredHub(await variant.open());
    token = await tokenFor('PROVINCE_ADMIN', { sub: 'injection-test' });
  });

  afterAll(async () => {
    await hub?.stop();
  });

  it('treats them as data: no crash, no match by accident, nothing changed, nothing logged', async () => {
    const before = await rowCounts(hub.store);
    const problems: string[] = [];
    for (const [input, query] of STRING_INPUTS) {
      // One input's values at a time, side by side: the order of requests is no part of the check.
      await Promise.all(HOSTILE_STRINGS.map(async (value) => {
        const reply = await post(hub.gateway, { query, variables: { s: value } }, bearer(token));
        problems.push(...problemsWith(reply, `${input} = ${JSON.stringify(value)}`));
      }));
    }
    expect(problems).toEqual([]);
    expect(await rowCounts(hub.store)).toEqual(before);
    const log = hub.lines.join('\n');
    for (const value of ['DROP TABLE', 'X-Injected', '\u001b[2J', token]) expect(log).not.toContain(value);
  }, 60_000);
});


/** What is wrong with one reply: a crash, a refusal that is not the caller's fault, or a record found. */
function problemsWith(reply: Reply, where: string): string[] {
  const problems: string[] = [];
  const codes = (reply.body.errors ?? []).map((e) => String(e.extensions?.code));
  if (codes.some((c) => !['BAD_USER_INPUT', 'NOT_FOUND'].includes(c))) problems.push(`${where}: ${codes.join(', ')} ${reply.text.slice(0, 200)}`);
  if (reply.status >= 500) problems.push(`${where}: HTTP ${reply.status}`);
  // No hostile string names a real record, so nothing may be found.
  for (const value of Object.values(reply.body.data ?? {})) {
    const found = value === null ? 0
      : Array.isArray(value) ? value.length
      : typeof value === 'object' && 'totalCount' in value ? (value as { totalCount: number }).totalCount
      : 1;
    if (found !== 0) problems.push(`${where}: found ${found}`);
  }
  return problems;
}
