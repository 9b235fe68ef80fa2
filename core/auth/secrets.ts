import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../errors';
import { createKeyFileOnce } from '../key-file';

/**
 * The hub's two authentication secrets, each from its environment variable or, when that is
 * unset, from a key file in the data directory created on first use (as pii.key is):
 * - `HUB_JWT_SECRET` / `jwt.key`: signs and verifies HS256 bearer tokens (the file only in demo mode);
 * - `HUB_SUBGRAPH_SECRET` / `subgraph.key`: the gateway's HMAC over each subgraph request.
 * A secret given in the environment is used as its UTF-8 bytes, so any other issuer configured
 * with the same string signs compatible tokens; a key file holds 32 random bytes in base64.
 */
export const MIN_SECRET_LENGTH = 32;
const KEY_BYTES = 32;

/** An environment secret, checked for length; the message never repeats the value. */
export function secretFromEnv(name: string, value: string | null | undefined): Uint8Array | null {
  const text = value?.trim();
  if (!text) return null;
  if (text.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(name, `must be at least ${MIN_SECRET_LENGTH} characters (e.g. \`openssl rand -base64 32\`)`);
  }
  return new Uint8Array(Buffer.from(text, 'utf8'));
}

/**
 * `<dataDir>/<file>`: read, or created atomically with mode 0600 (a private temp file hard-linked
 * into place: two processes starting together end with one key, and nobody reads half a file).
 */
export function loadOrCreateKeyFile(dataDir: string, file: string, envName: string): Uint8Array {
  const target = path.join(dataDir, file);
  if (fs.existsSync(target)) return readKeyFile(target, envName);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  return new Uint8Array(createKeyFileOnce(target, () => Buffer.from(readKeyFile(target, envName))));
}

function readKeyFile(file: string, envName: string): Uint8Array {
  const text = fs.readFileSync(file, 'utf8').trim();
  const key = /^[A-Za-z0-9+/]{43}=$/.test(text) ? Buffer.from(text, 'base64') : null;
  if (!key || key.length !== KEY_BYTES) {
    throw new ConfigError(envName, `${file} does not hold a key (${KEY_BYTES} random bytes in base64); delete it to make a new one, or set ${envName}`);
  }
  return new Uint8Array(key);
}
