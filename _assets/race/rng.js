// Seeded randomness for the in-page race: the same seed gives the same nets and batches.
// (Not torch's generator: a JS net and a PyTorch net with the same seed start differently.)

/** mulberry32: a small, fast 32-bit generator; returns uniform numbers in [0, 1). */
export function makeRng(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal number (Box-Muller). */
export function normal(rng) {
  const u = 1 - rng(); // (0, 1]: log(0) never happens
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** A random permutation of 0..n-1 (Fisher-Yates), like torch.randperm. */
export function permutation(rng, n) {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

/** Split a list into `parts` near-equal pieces, the first ones one longer: torch.tensor_split. */
export function tensorSplit(list, parts) {
  const out = [];
  const base = Math.floor(list.length / parts);
  const extra = list.length % parts;
  let start = 0;
  for (let i = 0; i < parts; i++) {
    const size = base + (i < extra ? 1 : 0);
    out.push(list.slice(start, start + size));
    start += size;
  }
  return out;
}
