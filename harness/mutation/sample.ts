/**
 * Which mutants a run tests: those of the chosen files, then a seeded sample of the ones
 * the faithful qualification reaches, so the same seed and size pick the same mutants.
 */
import picomatch from 'picomatch';
import { mulberry32 } from '../virtual/random.ts';

/** A file-name filter from comma-separated globs (`client.ts,tls-*.ts`); none: every file. */
export function fileFilter(globs: string | undefined): (fileName: string) => boolean {
  const patterns = (globs ?? '').split(',').map((g) => g.trim()).filter(Boolean);
  return patterns.length === 0 ? () => true : picomatch(patterns);
}

/**
 * `size` of `ids`, drawn without replacement by a seeded Fisher–Yates shuffle, returned in
 * the order drawn: a smaller size draws a prefix of a larger one with the same seed, so a
 * run stopped part-way has tested a random sample too, not the lowest ids (one file's).
 * A size at or above the count returns them all.
 */
export function sampleIds(ids: readonly string[], size: number, seed: number): string[] {
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`sample size must be a whole number ≥ 0, got ${size}`);
  const pool = [...ids];
  const random = mulberry32(seed);
  const n = Math.min(size, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}
