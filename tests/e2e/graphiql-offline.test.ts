import { existsSync } from 'node:fs';
import { chromium, type Browser, type Request } from 'playwright-core';
import pino from 'pino';
import { startGateway, type RunningGateway } from '../../gateway/server';
import { compose, startCatalog, startExtras, type TinySubgraph } from '../support/tiny-subgraphs';

/**
 * The promise that GraphiQL works with no internet: a real browser (Debian's chromium, the one CI
 * installs) opens the page with every non-loopback request blocked, runs the default query and
 * shows the subgraphs' data, and nothing ever tried to leave the machine.
 */
const CHROMIUM = '/usr/bin/chromium';
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** Not network requests: blob: URLs are Monaco's workers, made from strings in the page. */
const LOCAL_PROTOCOLS = new Set(['blob:', 'data:', 'about:']);

function isLoopback(url: string): boolean {
  const parsed = new URL(url);
  if (LOCAL_PROTOCOLS.has(parsed.protocol)) return true;
  return (parsed.protocol === 'http:' || parsed.protocol === 'https:' || parsed.protocol === 'ws:' || parsed.protocol === 'wss:') &&
    LOOPBACK_HOSTS.has(parsed.hostname);
}

const EXAMPLE_QUERY = 'query Example {\n  things { id name extra }\n}';

describe('offline GraphiQL in a browser', () => {
  let catalog: TinySubgraph | undefined;
  let extras: TinySubgraph | undefined;
  let gateway: RunningGateway | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing. This test needs Debian's chromium: run \`bash .ci/install-browser.sh\` ` +
          '(apt-get install -y chromium); CI installs it.',
      );
    }
    [catalog, extras] = await Promise.all([startCatalog(), startExtras()]);
    gateway = await startGateway({
      supergraphSdl: compose([catalog, extras]),
      subgraphUrls: {},
      port: 0,
      logger: pino({ level: 'silent' }),
      demoToken: 'demo-token',
      exampleQuery: EXAMPLE_QUERY,
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await Promise.all([catalog?.stop(), extras?.stop()]);
  });

  it('runs the default query against the subgraphs with every outside request blocked', async () => {
    const context = await browser!.newContext();
    const outside: string[] = [];
    const problems: string[] = [];
    // Blocks (and records) whatever the page tries to fetch from anywhere but this machine…
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (isLoopback(url)) {
        await route.continue();
      } else {
        outside.push(url);
        await route.abort('blockedbyclient');
      }
    });
    // …and records every request the browser reports, routed or not (workers, websockets).
    context.on('request', (request: Request) => {
      if (!isLoopback(request.url())) outside.push(request.url());
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    // A CSP violation would mean the page wanted something our policy forbids.
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });

    await page.goto(gateway!.url);
    await page.locator('.graphiql-query-editor .monaco-editor').waitFor({ timeout: 25_000 });
    await expect(page.title()).resolves.toBe('union-hub');
    await page.locator('.graphiql-query-editor').filter({ hasText: 'things' }).waitFor();

    await page.locator('.graphiql-execute-button').click();
    const response = page.locator('.graphiql-response');
    await response.filter({ hasText: 'extra-2' }).waitFor({ timeout: 15_000 });
    const shown = await response.innerText();
    expect(shown).toContain('"data"');
    expect(shown).toContain('extra-1');
    expect(shown).not.toContain('"errors"');

    // The demo token in GraphiQL's header editor went along to the subgraphs.
    expect(catalog!.received.some((headers) => headers.authorization === 'Bearer demo-token')).toBe(true);
    expect(outside).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
