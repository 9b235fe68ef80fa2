import { randomUUID } from 'node:crypto';

/**
 * A client may send its own x-request-id so its logs and ours line up. It goes into our log lines,
 * our response header and every subgraph request, so anything that is not a short plain token is
 * replaced rather than trusted (no header or log injection).
 */
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/;

export const REQUEST_ID_HEADER = 'x-request-id';

export function requestIdFrom(header: string | string[] | undefined): string {
  const candidate = Array.isArray(header) ? header[0] : header;
  return candidate !== undefined && ACCEPTABLE.test(candidate) ? candidate : randomUUID();
}
