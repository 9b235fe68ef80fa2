import { createPiiCipher, type PiiCipher } from '../../core/pii';

/** A fixed key for tests: the same cipher in every test file. */
export function testPii(): PiiCipher {
  return createPiiCipher(Buffer.alloc(32, 7));
}
