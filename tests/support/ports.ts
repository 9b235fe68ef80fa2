import { createServer } from 'node:net';

/** Offsets from the port base that a whole hub uses (DESIGN.md). */
const OFFSETS = [0, 1, 2, 3, 4, 10, 20, 21, 22];

function free(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** A port base whose every service port is free right now, so tests can run beside each other. */
export async function freePortBase(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20000 + Math.floor(Math.random() * 400) * 100;
    const checks = await Promise.all(OFFSETS.map((o) => free(base + o)));
    if (checks.every(Boolean)) return base;
  }
  throw new Error('no free port base found');
}
