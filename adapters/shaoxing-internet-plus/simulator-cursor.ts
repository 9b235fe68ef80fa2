import { BEGINNING, type Position } from './simulator-feed';

/**
 * The feed's opaque cursor: base64 of the position after the last record served and the instant
 * it was issued. It stays valid for 30 days (contract); an older or unreadable cursor is a 400.
 */
export const CURSOR_VALIDITY_MS = 30 * 24 * 3600 * 1000;

export class BadCursor extends Error {
  constructor(readonly code: 'INVALID_CURSOR' | 'CURSOR_EXPIRED', message: string) {
    super(message);
  }
}

export function encodeCursor(position: Position, issuedAtMs: number): string {
  return Buffer.from(JSON.stringify(['v1', position.updatedAt, position.type, position.id, issuedAtMs]), 'utf8').toString('base64');
}

export function decodeCursor(text: string, nowMs: number, validityMs: number): Position {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
  } catch {
    parts = null;
  }
  if (!Array.isArray(parts) || parts.length !== 5 || parts[0] !== 'v1' || !parts.slice(1, 4).every((p) => typeof p === 'string') || typeof parts[4] !== 'number') {
    throw new BadCursor('INVALID_CURSOR', 'cursor is not one this server issued');
  }
  if (nowMs - parts[4] > validityMs) {
    const validity = validityMs >= 86_400_000 ? `${Math.round(validityMs / 86_400_000)} days` : `${validityMs} ms`;
    throw new BadCursor('CURSOR_EXPIRED', `cursor expired (cursors are valid ${validity}); start again without a cursor`);
  }
  const [, updatedAt, type, id] = parts as [string, string, string, string, number];
  return updatedAt === '' ? BEGINNING : { updatedAt, type, id };
}
