/**
 * One shard of a qualification (`hil qualify --shard i/n`): Playwright's own sharding,
 * which hands each shard a disjoint part of the scenarios. Each lab host (or each
 * process on one host) runs one shard into a run folder of its own; `hil report --merge`
 * puts the shards back together as one qualification (harness/report/merge.ts). A shard
 * alone is not a qualification: its results.json `filter.shard` says which part it ran.
 */

export interface Shard {
  /** 1-based, as Playwright counts. */
  index: number;
  total: number;
}

/** The highest shard count accepted: beyond it a typo (`1/100` for `1/10`) is more likely than a lab. */
export const MAX_SHARDS = 64;

/** `--shard i/n` as a user types it: a clear error naming what to fix, or the shard. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new Error(`--shard must be i/n, e.g. 1/2 (shard 1 of 2), got "${text}"`);
  const index = Number(m[1]);
  const total = Number(m[2]);
  if (total < 1 || total > MAX_SHARDS) throw new Error(`--shard ${text}: the number of shards n must be between 1 and ${MAX_SHARDS}, got ${total}`);
  if (index < 1 || index > total) throw new Error(`--shard ${text}: the shard i must be between 1 and ${total} (shards count from 1), got ${index}`);
  return { index, total };
}

/** As Playwright's --shard takes it. */
export function shardArg(shard: Shard): string {
  return `${shard.index}/${shard.total}`;
}
