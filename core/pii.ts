/**
 * Personal information at rest (PIPL). ID numbers, phones, health and children's data are stored
 * encrypted; lookups go through a blind index (a keyed hash), so the plain value never sits in a
 * column or an index; and people are referred to across systems by opaque ids that cannot be
 * turned back into an ID number.
 *
 * One 32-byte master key (HUB_PII_KEY or <dataDir>/pii.key). AES-256-GCM uses it directly; the two
 * HMACs use sub-keys derived with HKDF-SHA256 (info 'blind-index' / 'opaque-id'), so a blind index
 * and an opaque id of the same value are unrelated and neither helps against the cipher.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createKeyFileOnce } from './key-file';
import { ConfigError, HubError } from './errors';

export interface PiiCipher {
  /** `v1:<iv>:<tag>:<ciphertext>`, base64url parts; a fresh random IV each call. */
  encrypt(plain: string): string;
  /** Throws HubError STORE_ERROR if the token is malformed, tampered with, or from another key. */
  decrypt(token: string): string;
  /** Deterministic keyed hash for equality lookups. Normalize the value first (e.g. parseResidentId). */
  blindIndex(value: string): string;
  /** `prefix` + 20 base32 characters, stable for a person under one key, not reversible. */
  opaqueId(prefix: string, personKey: string): string;
}

const KEY_BYTES = 32;
const IV_BYTES = 12; // the GCM standard nonce size
const TAG_BYTES = 16;
const TOKEN_VERSION = 'v1';
const OPAQUE_ID_CHARS = 20; // 100 bits: collisions are negligible at provincial scale (tens of millions)
const KEY_FILE = 'pii.key';

function deriveSubKey(master: Buffer, info: string): Buffer {
  // No salt: the master key is already uniformly random, and the info string separates the uses.
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, KEY_BYTES));
}

function hmac(key: Buffer, value: string): Buffer {
  return createHmac('sha256', key).update(value, 'utf8').digest();
}

const BASE32_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** RFC 4648 base32, lower case, no padding: case-insensitive and safe in URLs, file names and logs. */
function base32(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let acc = 0;
  for (const byte of bytes) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32_ALPHABET[(acc >>> bits) & 31];
    }
    acc &= (1 << bits) - 1; // keep only the unread bits so acc never overflows
  }
  if (bits > 0) out += BASE32_ALPHABET[(acc << (5 - bits)) & 31];
  return out;
}

/** Strict base64url decoding: Buffer.from(…, 'base64url') silently skips junk characters. */
function fromBase64Url(part: string): Buffer | null {
  return /^[A-Za-z0-9_-]*$/.test(part) ? Buffer.from(part, 'base64url') : null;
}

function undecryptable(reason: string): HubError {
  // Never include the token: it is ciphertext of personal data and may end up in logs.
  return new HubError('STORE_ERROR', `PII token cannot be decrypted: ${reason}`);
}

function parseToken(token: string): { iv: Buffer; tag: Buffer; data: Buffer } {
  const parts = token.split(':');
  if (parts.length !== 4 || parts[0] !== TOKEN_VERSION) throw undecryptable(`expected ${TOKEN_VERSION}:<iv>:<tag>:<ciphertext>`);
  const [iv, tag, data] = parts.slice(1).map(fromBase64Url);
  if (!iv || !tag || !data || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw undecryptable('malformed IV, tag or ciphertext');
  }
  return { iv, tag, data };
}

/**
 * Random IVs drawn from a pooled CSPRNG buffer: one system call per 4,096 encryptions instead of
 * one per encryption (ingest encrypts two values per member record). Each IV is used once.
 */
const IV_POOL_SIZE = 4096;
let ivPool = Buffer.alloc(0);
let ivOffset = 0;
function nextIv(): Buffer {
  if (ivOffset + IV_BYTES > ivPool.length) {
    ivPool = randomBytes(IV_BYTES * IV_POOL_SIZE);
    ivOffset = 0;
  }
  const iv = ivPool.subarray(ivOffset, ivOffset + IV_BYTES);
  ivOffset += IV_BYTES;
  return iv;
}

export function createPiiCipher(key: Buffer): PiiCipher {
  if (key.length !== KEY_BYTES) throw new ConfigError('HUB_PII_KEY', `the PII key must be ${KEY_BYTES} bytes, got ${key.length}`);
  const encKey = Buffer.from(key); // a private copy: later changes to the caller's buffer must not change ours
  const blindKey = deriveSubKey(encKey, 'blind-index');
  const opaqueKey = deriveSubKey(encKey, 'opaque-id');

  return {
    encrypt(plain: string): string {
      const iv = nextIv();
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [TOKEN_VERSION, iv.toString('base64url'), tag.toString('base64url'), data.toString('base64url')].join(':');
    },

    decrypt(token: string): string {
      const { iv, tag, data } = parseToken(token);
      const decipher = createDecipheriv('aes-256-gcm', encKey, iv, { authTagLength: TAG_BYTES });
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
      } catch {
        throw undecryptable('authentication failed (tampered, or encrypted under another key)');
      }
    },

    blindIndex(value: string): string {
      return hmac(blindKey, value).toString('base64url');
    },

    opaqueId(prefix: string, personKey: string): string {
      return prefix + base32(hmac(opaqueKey, personKey)).slice(0, OPAQUE_ID_CHARS);
    },
  };
}

const EXPECTED_KEY = `${KEY_BYTES} random bytes as base64 (44 characters, e.g. \`openssl rand -base64 32\`) or as 64 hex characters`;

/** 64 hex characters, or base64/base64url decoding to exactly 32 bytes; null for anything else. */
function parseKeyText(text: string): Buffer | null {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  // 32 bytes are 43 base64 characters plus one '=' of padding (optional here).
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) {
    const key = Buffer.from(t.replace(/[-_]/g, (c) => (c === '-' ? '+' : '/')), 'base64');
    return key.length === KEY_BYTES ? key : null;
  }
  return null;
}

function readKeyFile(file: string): Buffer {
  const key = parseKeyText(fs.readFileSync(file, 'utf8'));
  if (!key) throw new ConfigError('HUB_PII_KEY', `${file} does not hold a valid key: expected ${EXPECTED_KEY}`);
  return key;
}

/**
 * The master PII key. HUB_PII_KEY wins when set (an empty or blank value counts as unset, as with
 * `${HUB_PII_KEY:-}` in compose files); otherwise `<dataDir>/pii.key` is read, or created on first
 * start. Losing the key loses every encrypted field: back the file up with the database.
 */
export function loadPiiKey(options: { envValue?: string; dataDir: string }): Buffer {
  const envValue = options.envValue?.trim();
  if (envValue) {
    const key = parseKeyText(envValue);
    // The message describes the expected form only; it must not echo the (wrong) secret.
    if (!key) throw new ConfigError('HUB_PII_KEY', `HUB_PII_KEY must be ${EXPECTED_KEY}`);
    return key;
  }
  const file = path.join(options.dataDir, KEY_FILE);
  if (fs.existsSync(file)) return readKeyFile(file);
  fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  return createKeyFileOnce(file, () => readKeyFile(file));
}
