import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadTokenKeys } from '../../core/auth/keys';
import { createTokenVerifier } from '../../core/auth/token-verifier';
import { loadConfig } from '../../core/config';
import { secretBytes, TEST_JWT_SECRET } from '../support/auth';

/** `hub token` as an operator runs it: a real process, its stdout, stderr and exit code. */
const ROOT = join(__dirname, '..', '..');

async function hub(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(ROOT, 'tests/support/ts-child.js'), join(ROOT, 'cli/hub.ts'), ...args], {
      cwd: ROOT, env: { PATH: process.env.PATH, APOLLO_TELEMETRY_DISABLED: '1', ...env }, timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('hub token', () => {
  let dataDir: string;
  beforeAll(() => { dataDir = mkdtempSync(join(tmpdir(), 'hub-token-')); });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints, in demo mode, a token for the demo key that the gateway accepts', async () => {
    const run = await hub(['--data-dir', dataDir, 'token', '--role', 'CITY_ADMIN', '--city', 'ningbo', '--sub', 'nb-admin', '--ttl', '15m']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(run.stderr).toContain('CITY_ADMIN for NINGBO token for "nb-admin", valid until');
    const keys = loadTokenKeys(loadConfig({ dataDir, env: {} }), { demo: true });
    expect(await createTokenVerifier(keys.key).verify(run.stdout.trim())).toEqual({ subject: 'nb-admin', role: 'CITY_ADMIN', city: 'NINGBO' });
  });

  it('signs with HUB_JWT_SECRET when it is set', async () => {
    const run = await hub(['--data-dir', dataDir, 'token', '--role', 'MONITOR'], { HUB_JWT_SECRET: TEST_JWT_SECRET });
    expect(run.code).toBe(0);
    const verifier = createTokenVerifier({ kind: 'secret', secret: secretBytes(TEST_JWT_SECRET) });
    expect(await verifier.verify(run.stdout.trim())).toEqual({ subject: 'hub-token', role: 'MONITOR', city: null });
  });

  it('refuses a role or a city admin the gateway would refuse, and says why', async () => {
    const unknown = await hub(['--data-dir', dataDir, 'token', '--role', 'ROOT']);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain('hub: BAD_USER_INPUT: the token\'s "role" claim must be one of PROVINCE_ADMIN, CITY_ADMIN, ANALYST, MONITOR');
    const cityless = await hub(['--data-dir', dataDir, 'token', '--role', 'CITY_ADMIN']);
    expect(cityless.stderr).toContain('a CITY_ADMIN token must name its city');
  });

  it('outside demo mode without a secret, names HUB_JWT_SECRET', async () => {
    const config = join(dataDir, 'hub.json');
    writeFileSync(config, JSON.stringify({ sources: [] }));
    const run = await hub(['--config', config, '--data-dir', dataDir, 'token', '--role', 'ANALYST']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^hub: CONFIG_INVALID: HUB_JWT_SECRET: /);
  });
});
