import { readFileSync } from 'node:fs';
import type { JSONWebKeySet } from 'jose';
import type { HubConfig } from '../config';
import { ConfigError } from '../errors';
import { loadOrCreateKeyFile, secretFromEnv } from './secrets';
import type { TokenCheckOptions, TokenKey } from './token-verifier';

export const JWT_KEY_FILE = 'jwt.key';
export const SUBGRAPH_KEY_FILE = 'subgraph.key';

export interface TokenKeys {
  key: TokenKey;
  /** What `hub token` signs with; null when tokens come from an identity provider (JWKS). */
  signingSecret: Uint8Array | null;
  check: TokenCheckOptions;
}

/**
 * How this deployment verifies bearer tokens: HUB_JWT_SECRET (HS256), else a JWKS file
 * (RS256/ES256), else, in demo mode only, `<dataDir>/jwt.key`. A real deployment without either
 * stops before anything starts: a gateway that cannot verify tokens must not serve.
 */
export function loadTokenKeys(config: HubConfig, options: { demo: boolean }): TokenKeys {
  const check: TokenCheckOptions = {
    issuer: config.security.issuer ?? undefined,
    audience: config.security.audience ?? undefined,
  };
  const secret = secretFromEnv('HUB_JWT_SECRET', config.jwtSecret);
  const jwksFile = config.security.jwksFile;
  if (secret && jwksFile) {
    throw new ConfigError('HUB_JWT_SECRET', 'set either HUB_JWT_SECRET (HS256) or a JWKS file (HUB_JWKS_FILE / security.jwksFile), not both');
  }
  if (secret) return { key: { kind: 'secret', secret }, signingSecret: secret, check };
  if (jwksFile) return { key: { kind: 'jwks', jwks: readJwks(jwksFile) }, signingSecret: null, check };
  if (options.demo) {
    const demoSecret = loadOrCreateKeyFile(config.dataDir, JWT_KEY_FILE, 'HUB_JWT_SECRET');
    return { key: { kind: 'secret', secret: demoSecret }, signingSecret: demoSecret, check };
  }
  throw new ConfigError(
    'HUB_JWT_SECRET',
    'the gateway needs a key to verify tokens: set HUB_JWT_SECRET (32+ characters, HS256) or point HUB_JWKS_FILE / security.jwksFile at your identity provider\'s public keys',
  );
}

/** The gateway ↔ subgraph HMAC key: HUB_SUBGRAPH_SECRET, else `<dataDir>/subgraph.key` (shared by services on one machine). */
export function loadSubgraphKey(config: HubConfig): Uint8Array {
  return secretFromEnv('HUB_SUBGRAPH_SECRET', config.security.subgraphSecret)
    ?? loadOrCreateKeyFile(config.dataDir, SUBGRAPH_KEY_FILE, 'HUB_SUBGRAPH_SECRET');
}

const PUBLIC_KEY_TYPES = ['RSA', 'EC'];

/** A JWKS of public RSA/EC keys; private or symmetric keys in it are refused as a misconfiguration. */
function readJwks(file: string): JSONWebKeySet {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'not valid JSON';
    throw new ConfigError('HUB_JWKS_FILE', `cannot read the JWKS file ${file}: ${reason}`);
  }
  const keys = (parsed as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new ConfigError('HUB_JWKS_FILE', `${file} must hold {"keys": [...]} with at least one key`);
  keys.forEach((k: unknown, i) => {
    const jwk = (k ?? {}) as Record<string, unknown>;
    if (!PUBLIC_KEY_TYPES.includes(String(jwk.kty))) throw new ConfigError('HUB_JWKS_FILE', `keys[${i}]: expected an RSA or EC public key, got kty ${JSON.stringify(jwk.kty)}`);
    if ('d' in jwk) throw new ConfigError('HUB_JWKS_FILE', `keys[${i}] holds a private key: give the gateway the public keys only`);
  });
  return parsed as JSONWebKeySet;
}
