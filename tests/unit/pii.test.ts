import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createPiiCipher, loadPiiKey } from '../../core/pii';
import { ConfigError, HubError } from '../../core/errors';

const KEY = Buffer.alloc(32, 7);
const OTHER_KEY = Buffer.alloc(32, 9);

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'union-hub-pii-'));
}

/** Flips one bit in the base64url part `index` (1 = iv, 2 = tag, 3 = ciphertext) of a token. */
function tamper(token: string, index: number): string {
  const parts = token.split(':');
  const bytes = Buffer.from(parts[index], 'base64url');
  bytes[0] ^= 1;
  parts[index] = bytes.toString('base64url');
  return parts.join(':');
}

describe('createPiiCipher', () => {
  const cipher = createPiiCipher(KEY);

  it.each(['11010519491231002X', '13812345678', '陈大文', '', '体检结果：正常 ✓'])('round-trips %p', (plain) => {
    expect(cipher.decrypt(cipher.encrypt(plain))).toBe(plain);
  });

  it('writes v1:<iv>:<tag>:<ciphertext> with a 12-byte IV and 16-byte tag, fresh IV each time', () => {
    const a = cipher.encrypt('13812345678');
    const b = cipher.encrypt('13812345678');
    expect(a).not.toBe(b);
    const parts = a.split(':');
    expect(parts).toHaveLength(4);
    expect(parts[0]).toBe('v1');
    expect(parts.slice(1).every((p) => /^[A-Za-z0-9_-]+$/.test(p))).toBe(true);
    expect(Buffer.from(parts[1], 'base64url')).toHaveLength(12);
    expect(Buffer.from(parts[2], 'base64url')).toHaveLength(16);
    expect(Buffer.from(parts[3], 'base64url')).toHaveLength(11);
    expect(a).not.toContain('13812345678');
  });

  it.each([1, 2, 3])('refuses a token with part %i tampered', (index) => {
    const token = tamper(cipher.encrypt('11010519491231002X'), index);
    expect(() => cipher.decrypt(token)).toThrow(HubError);
  });

  it('refuses tokens from another key, malformed tokens, and does not echo them', () => {
    const foreign = createPiiCipher(OTHER_KEY).encrypt('secret-value');
    expect(() => cipher.decrypt(foreign)).toThrow(/cannot be decrypted/);
    for (const bad of ['', 'v1:a:b', 'v2' + foreign.slice(2), foreign + ':x', foreign.replace(/:([^:]+)$/, ':!!!')]) {
      expect(() => cipher.decrypt(bad)).toThrow(HubError);
    }
    try {
      cipher.decrypt(foreign);
    } catch (err) {
      expect((err as HubError).code).toBe('STORE_ERROR');
      expect((err as Error).message).not.toContain(foreign.split(':')[3]);
    }
  });

  it('has a deterministic blind index that differs between values and keys', () => {
    const idx = cipher.blindIndex('11010519491231002X');
    expect(idx).toBe(createPiiCipher(Buffer.from(KEY)).blindIndex('11010519491231002X'));
    expect(idx).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(idx).not.toBe(cipher.blindIndex('440524188001010014'));
    expect(idx).not.toBe(createPiiCipher(OTHER_KEY).blindIndex('11010519491231002X'));
  });

  it('makes stable, prefixed, 20-character opaque ids unrelated to the blind index', () => {
    const id = cipher.opaqueId('mem_', '11010519491231002X');
    expect(id).toMatch(/^mem_[a-z2-7]{20}$/);
    expect(cipher.opaqueId('mem_', '11010519491231002X')).toBe(id);
    expect(cipher.opaqueId('mem_', '440524188001010014')).not.toBe(id);
    expect(createPiiCipher(OTHER_KEY).opaqueId('mem_', '11010519491231002X')).not.toBe(id);
    expect(id).not.toContain('11010519491231002X');
    // the prefix labels the id; the person part is the same, so ids of one person link across kinds
    expect(cipher.opaqueId('p_', '11010519491231002X')).toBe('p_' + id.slice(4));
  });

  it('copies the key, so later changes to the caller buffer do not matter', () => {
    const key = Buffer.from(KEY);
    const c = createPiiCipher(key);
    const token = c.encrypt('x');
    key.fill(0);
    expect(c.decrypt(token)).toBe('x');
  });

  it('rejects keys that are not 32 bytes', () => {
    expect(() => createPiiCipher(Buffer.alloc(16))).toThrow(ConfigError);
  });
});

describe('loadPiiKey', () => {
  it('accepts HUB_PII_KEY as base64, base64url and 64 hex characters', () => {
    const key = randomBytes(32);
    const dataDir = tempDir();
    expect(loadPiiKey({ envValue: key.toString('base64'), dataDir }).equals(key)).toBe(true);
    expect(loadPiiKey({ envValue: key.toString('base64url'), dataDir }).equals(key)).toBe(true);
    expect(loadPiiKey({ envValue: key.toString('hex'), dataDir }).equals(key)).toBe(true);
    expect(loadPiiKey({ envValue: ` ${key.toString('hex').toUpperCase()}\n`, dataDir }).equals(key)).toBe(true);
    // the environment wins: no key file is created
    expect(fs.existsSync(path.join(dataDir, 'pii.key'))).toBe(false);
  });

  it.each([
    ['too short base64', randomBytes(16).toString('base64')],
    ['too long base64', randomBytes(48).toString('base64')],
    ['63 hex characters', 'a'.repeat(63)],
    ['a passphrase', 'correct horse battery staple'],
  ])('rejects %s with a ConfigError naming HUB_PII_KEY', (_label, envValue) => {
    let caught: unknown;
    try {
      loadPiiKey({ envValue, dataDir: tempDir() });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const err = caught as ConfigError;
    expect(err.key).toBe('HUB_PII_KEY');
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toMatch(/HUB_PII_KEY/);
    expect(err.message).toMatch(/32/);
    expect(err.message).not.toContain(envValue);
  });

  it('creates <dataDir>/pii.key with mode 0600 and reuses it', () => {
    const dataDir = tempDir();
    const key = loadPiiKey({ dataDir });
    expect(key).toHaveLength(32);
    const file = path.join(dataDir, 'pii.key');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64').equals(key)).toBe(true);
    expect(loadPiiKey({ dataDir }).equals(key)).toBe(true);
    expect(loadPiiKey({ dataDir, envValue: '' }).equals(key)).toBe(true);
    // no temp files left behind
    expect(fs.readdirSync(dataDir)).toEqual(['pii.key']);
    // data encrypted under the loaded key decrypts under the reloaded one
    const token = createPiiCipher(key).encrypt('13812345678');
    expect(createPiiCipher(loadPiiKey({ dataDir })).decrypt(token)).toBe('13812345678');
  });

  it('creates a missing data directory', () => {
    const dataDir = path.join(tempDir(), 'nested', 'data');
    expect(loadPiiKey({ dataDir })).toHaveLength(32);
    expect(fs.existsSync(path.join(dataDir, 'pii.key'))).toBe(true);
  });

  it('refuses a corrupt key file instead of silently replacing it', () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, 'pii.key'), 'not a key\n', { mode: 0o600 });
    expect(() => loadPiiKey({ dataDir })).toThrow(ConfigError);
    expect(fs.readFileSync(path.join(dataDir, 'pii.key'), 'utf8')).toBe('not a key\n');
  });
});
