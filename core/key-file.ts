import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';

/**
 * Creates a key file of 32 random bytes (base64) atomically with mode 0600: written to a private
 * temp file, then hard-linked into place. link() fails if the file already exists, so two
 * processes starting together end with one key (the loser gets `readExisting()`), and nobody ever
 * reads a half-written file. Used for pii.key, jwt.key and subgraph.key.
 */
export function createKeyFileOnce(target: string, readExisting: () => Buffer): Buffer {
  const key = randomBytes(32);
  const tmp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  try {
    fs.chmodSync(tmp, 0o600); // the mode given to open() is reduced by the umask; be explicit
    fs.linkSync(tmp, target);
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readExisting();
    throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
