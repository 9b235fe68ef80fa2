/**
 * Errors the hub raises on purpose. Each carries a stable `code` that callers (GraphQL clients,
 * the CLI, ingest endpoints) can act on, and a message a person can act on.
 */
export type HubErrorCode =
  | 'BAD_USER_INPUT'
  | 'CONFIG_INVALID'
  | 'NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'SIGNATURE_INVALID'
  | 'UPSTREAM_ERROR'
  | 'UPSTREAM_CONFIG'
  | 'MAPPING_FAILED'
  | 'STORE_ERROR'
  // welfare enrollment rules and missing data a field cannot be served without
  | 'PROGRAM_CLOSED'
  | 'ALREADY_ENROLLED'
  | 'NO_PLACES_LEFT'
  | 'MEMBER_INACTIVE'
  | 'NOT_ELIGIBLE'
  | 'DATA_MISSING';

export class HubError extends Error {
  constructor(
    readonly code: HubErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HubError';
  }
}

/** Bad input from a caller: names the field and the rule it broke. */
export class InputError extends HubError {
  constructor(readonly field: string, readonly rule: string, message: string) {
    super('BAD_USER_INPUT', message, { field, rule });
    this.name = 'InputError';
  }
}

/** A configuration problem, found before anything starts; the message begins with the key. */
export class ConfigError extends HubError {
  constructor(readonly key: string, message: string) {
    super('CONFIG_INVALID', `${key}: ${message}`, { key });
    this.name = 'ConfigError';
  }
}
