import { RequestPacer } from '../../adapters/shaoxing-internet-plus/request-pacer';

/** The pacer spaces requests so that no one-second window sees more than the contract's 5. */
describe('request pacing', () => {
  it('lets requests out at most 5 in any second, counting from when each really went', async () => {
    const pacer = new RequestPacer(5);
    const starts: number[] = [];
    for (let i = 0; i < 7; i++) {
      await pacer.turn();
      starts.push(Date.now());
      // Time spent elsewhere after a request never lets a later one out closer to it.
      if (i === 2) await new Promise((r) => setTimeout(r, 120));
    }
    for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(pacer.intervalMs - 2);
    for (let i = 5; i < starts.length; i++) expect(starts[i] - starts[i - 5]).toBeGreaterThan(1000);
  });

  it('does not wait at all when pacing is off', async () => {
    const pacer = new RequestPacer(0);
    const started = Date.now();
    for (let i = 0; i < 20; i++) await pacer.turn();
    expect(Date.now() - started).toBeLessThan(100);
  });
});
