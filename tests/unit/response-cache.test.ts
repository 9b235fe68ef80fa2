import { ResponseCache, type CacheLookup } from '../../gateway/response-cache';
import { parseGatewaySettings } from '../../gateway/response-cache-settings';

/**
 * The response cache's own rules, without a gateway: memory bounded by bytes (least recently used
 * go first), the data version read at most once per staleMs, an unreadable version answering nothing.
 */
const caller = { role: 'ANALYST', city: null };
const answer = (text: string) => ({ status: 200, headers: [['content-type', 'application/json']] as [string, string][], body: Buffer.from(text) });

function setup(options: { maxBytes?: number; staleMs?: number } = {}) {
  let now = 0;
  let version = 'v1';
  let reads = 0;
  let failing = false;
  const cache = new ResponseCache({
    maxBytes: options.maxBytes ?? 1 << 20,
    staleMs: options.staleMs ?? 1000,
    now: () => now,
    dataVersion: async () => {
      reads++;
      if (failing) throw new Error('store down');
      return version;
    },
  });
  /** Looks the query up and, on a miss, stores `body` for it. */
  const ask = async (query: string, body = `{"data":{"q":"${query}"}}`): Promise<CacheLookup['result']> => {
    const lookup = await cache.lookup({ query: `{ ${query} }` }, caller);
    if (lookup.result === 'miss') cache.store(lookup, answer(body));
    return lookup.result;
  };
  return {
    cache, ask,
    advance: (ms: number) => { now += ms; },
    setVersion: (v: string) => { version = v; },
    fail: (f: boolean) => { failing = f; },
    reads: () => reads,
  };
}

describe('response cache', () => {
  it('keeps memory under maxBytes, dropping the least recently used answer first', async () => {
    const body = 'x'.repeat(400);
    const t = setup({ maxBytes: 1000 });
    expect(await t.ask('a', body)).toBe('miss');
    expect(await t.ask('b', body)).toBe('miss');
    expect(await t.ask('a', body)).toBe('hit'); // a is now the most recently used
    expect(await t.ask('c', body)).toBe('miss'); // over budget: b goes
    expect(t.cache.bytes).toBeLessThanOrEqual(1000);
    expect(await t.ask('a', body)).toBe('hit');
    expect(await t.ask('b', body)).toBe('miss');
  });

  it('does not keep an answer larger than the whole budget', async () => {
    const t = setup({ maxBytes: 100 });
    expect(await t.ask('big', 'y'.repeat(500))).toBe('miss');
    expect(await t.ask('big', 'y'.repeat(500))).toBe('miss');
    expect(t.cache.bytes).toBe(0);
  });

  it('reads the data version at most once per staleMs, and drops everything when it moved', async () => {
    const t = setup({ staleMs: 1000 });
    await t.ask('a');
    await Promise.all([t.ask('a'), t.ask('a'), t.ask('a')]);
    expect(t.reads()).toBe(1);
    t.setVersion('v2');
    t.advance(999);
    expect(await t.ask('a')).toBe('hit');
    t.advance(2);
    expect(await t.ask('a')).toBe('miss');
    expect(t.reads()).toBe(2);
  });

  it('answers nothing from the cache while the version cannot be read', async () => {
    const t = setup({ staleMs: 10 });
    await t.ask('a');
    t.fail(true);
    t.advance(20);
    expect((await t.cache.lookup({ query: '{ a }' }, caller)).result).toBe('skip');
    t.fail(false);
    t.advance(20);
    expect(await t.ask('a')).toBe('miss');
    expect(await t.ask('a')).toBe('hit');
  });

  it('does not store an answer computed before a mutation emptied the cache', async () => {
    const t = setup();
    const lookup = await t.cache.lookup({ query: '{ a }' }, caller);
    expect(lookup.result).toBe('miss');
    t.cache.invalidate();
    if (lookup.result === 'miss') t.cache.store(lookup, answer('{"data":{"a":"old"}}'));
    expect(await t.ask('a')).toBe('miss');
  });

  it('tells variables apart but not their key order', async () => {
    const t = setup();
    const ask = async (variables: Record<string, unknown>) => {
      const lookup = await t.cache.lookup({ query: 'query Q($a: Int, $b: Int) { x(a: $a, b: $b) }', variables }, caller);
      if (lookup.result === 'miss') t.cache.store(lookup, answer('{}'));
      return lookup.result;
    };
    expect(await ask({ a: 1, b: 2 })).toBe('miss');
    expect(await ask({ b: 2, a: 1 })).toBe('hit');
    expect(await ask({ a: 1, b: 3 })).toBe('miss');
  });
});

describe('response cache settings', () => {
  it('is on by default; HUB_RESPONSE_CACHE=off or enabled: false turns it off; wrong values name the key', () => {
    expect(parseGatewaySettings(undefined, {}).responseCache).toEqual({ enabled: true, maxMegabytes: 64, staleMs: 1000 });
    expect(parseGatewaySettings({ responseCache: { maxMegabytes: 8, staleMs: 250 } }, {}).responseCache).toEqual({ enabled: true, maxMegabytes: 8, staleMs: 250 });
    expect(parseGatewaySettings(undefined, { HUB_RESPONSE_CACHE: 'off' }).responseCache.enabled).toBe(false);
    expect(parseGatewaySettings({ responseCache: { enabled: false } }, {}).responseCache.enabled).toBe(false);
    expect(() => parseGatewaySettings({ responseCache: { staleMs: 0 } }, {})).toThrow('gateway.responseCache.staleMs');
    expect(() => parseGatewaySettings({ responseCache: { ttl: 5 } }, {})).toThrow('gateway.responseCache.ttl');
    expect(() => parseGatewaySettings(undefined, { HUB_RESPONSE_CACHE: 'maybe' })).toThrow('HUB_RESPONSE_CACHE');
  });
});
