/**
 * Seeded randomness for the synthetic province. Every entity draws from its own stream, derived
 * from (seed, stream name, index), so the output does not depend on the order phases run in and
 * the same seed and scale give byte-identical files on every machine.
 */

/** mulberry32: a tiny 32-bit PRNG; statistically fine for synthetic data and the same everywhere. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over UTF-16 code units: turns a stream name into a number. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's finalizer folded over the parts: nearby inputs give unrelated seeds. */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h ^= part >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

export class Rng {
  constructor(private readonly next: () => number) {}

  /** A fresh generator for one entity of one stream. */
  static of(seed: number, stream: string, index = 0): Rng {
    return new Rng(mulberry32(mixSeed(seed, hashString(stream), index)));
  }

  /** [0, 1) */
  float(): number {
    return this.next();
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick: empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks by relative weight; weights need not sum to 1. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i];
      if (r < 0) return items[i];
    }
    return items[items.length - 1];
  }

  /** Picks from a prepared table (faster than `weighted` in hot loops). */
  from<T>(table: WeightedTable<T>): T {
    return table.at(this.next());
  }

  /** Fisher-Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** A roughly Poisson count (Knuth), for "a few per year" figures. */
  poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
}

/** Items with cumulative weights, for picking many times from the same distribution. */
export class WeightedTable<T> {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(private readonly items: readonly T[], weights: readonly number[]) {
    let sum = 0;
    for (const w of weights) this.cumulative.push((sum += w));
    this.total = sum;
  }

  /** The item at fraction `u` ∈ [0, 1) of the total weight. */
  at(u: number): T {
    const target = u * this.total;
    let i = 0;
    while (i < this.items.length - 1 && this.cumulative[i] <= target) i++;
    return this.items[i];
  }
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** (a · b) mod m without leaving the exact range of doubles, for a, b, m below 2^31. */
function mulMod(a: number, b: number, m: number): number {
  const high = Math.floor(a / 65536);
  const low = a % 65536;
  return (((high * b) % m) * 65536 + low * b) % m;
}

/**
 * A bijection of [0, size) that scatters neighbours (i ↦ a·i + b mod size, a coprime to size).
 * Used to hand out unique resident-ID slots and to interleave kinds of people without a lookup table.
 */
export class AffinePermutation {
  private readonly multiplier: number;
  private readonly offset: number;

  constructor(readonly size: number, rng: Rng) {
    if (size < 1 || size >= 2 ** 31) throw new Error(`AffinePermutation: size ${size} out of range`);
    let a = Math.max(1, Math.floor(size * (0.3 + 0.4 * rng.float())));
    while (gcd(a, size) !== 1) a++;
    this.multiplier = a % size || 1;
    this.offset = rng.int(0, size - 1);
  }

  at(index: number): number {
    return (mulMod(this.multiplier, index, this.size) + this.offset) % this.size;
  }
}

/**
 * Splits `total` into buckets proportional to `weights` (largest remainder), each getting at least
 * `minimum`; the result sums to max(total, minimum × buckets).
 */
export function apportion(total: number, weights: readonly number[], minimum = 0): number[] {
  const counts = weights.map(() => minimum);
  const rest = Math.max(0, total - minimum * weights.length);
  const weightSum = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (rest * w) / weightSum);
  let given = 0;
  exact.forEach((x, i) => {
    counts[i] += Math.floor(x);
    given += Math.floor(x);
  });
  const order = exact
    .map((x, i) => ({ i, remainder: x - Math.floor(x) }))
    .sort((p, q) => q.remainder - p.remainder || p.i - q.i);
  for (let k = 0; k < rest - given; k++) counts[order[k % order.length].i]++;
  return counts;
}
