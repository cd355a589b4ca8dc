/**
 * What a merge of run folders left out, from what each source left out: the merged run is
 * a qualification only when together the sources ran everything — every shard of one
 * split (`hil qualify --shard i/n`), every board of the lab (`--board` per host), and no
 * scenario filter (`--grep`) on any of them. A source that says nothing left out ran it all.
 */
import { missingShards, type RunFilter, type RunResults } from './results.ts';

type Source = Pick<RunResults, 'runId' | 'filter' | 'boards'>;

const distinct = (xs: (string | undefined)[]) => [...new Set(xs.filter((x): x is string => x !== undefined))];

/** The shards of the sources, checked to be one split with each shard once: else an error saying which runs clash. */
function mergedShard(sources: readonly Source[]): RunFilter['shard'] {
  const sharded = sources.filter((s) => s.filter?.shard);
  if (sharded.length === 0) return undefined;
  const whole = sources.filter((s) => !s.filter?.shard);
  if (whole.length > 0) {
    throw new Error(`runs ${sharded.map((s) => s.runId).join(', ')} are shards but ${whole.map((s) => s.runId).join(', ')} ${whole.length > 1 ? 'are' : 'is'} not: merge the shards of one split together, or whole runs together`);
  }
  const totals = distinct(sharded.map((s) => String(s.filter!.shard!.of)));
  if (totals.length > 1) {
    throw new Error(`shards of different splits cannot be merged (${sharded.map((s) => `${s.runId}: ${s.filter!.shard!.ran.join('+')}/${s.filter!.shard!.of}`).join(', ')}): run every shard with the same --shard i/n`);
  }
  const by = new Map<number, string>();
  for (const s of sharded) {
    for (const i of s.filter!.shard!.ran) {
      const other = by.get(i);
      if (other !== undefined) throw new Error(`shard ${i}/${totals[0]} is in two runs, ${other} and ${s.runId}: give each shard once`);
      by.set(i, s.runId);
    }
  }
  return { ran: [...by.keys()].sort((a, b) => a - b), of: Number(totals[0]) };
}

export function mergedFilter(sources: readonly Source[]): RunFilter {
  const grep = distinct(sources.map((s) => s.filter?.grep));
  const grepInvert = distinct(sources.map((s) => s.filter?.grepInvert));
  const shard = mergedShard(sources);
  const narrowed = sources.some((s) => s.filter?.boards);
  const ran = new Set(sources.flatMap((s) => s.filter?.boards?.ran ?? Object.keys(s.boards)));
  const of = new Set(sources.flatMap((s) => s.filter?.boards?.of ?? Object.keys(s.boards)));
  return {
    // Scenarios matching any source's pattern are the most the merge can hold.
    ...(grep.length > 0 ? { grep: grep.join('|') } : {}),
    ...(grepInvert.length > 0 ? { grepInvert: grepInvert.join('|') } : {}),
    // What the sources together covered is no longer left out.
    ...(narrowed && [...of].some((b) => !ran.has(b)) ? { boards: { ran: [...ran], of: [...of] } } : {}),
    ...(shard && missingShards(shard).length > 0 ? { shard } : {}),
  };
}
