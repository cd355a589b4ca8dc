/** "did you mean": the known word nearest to a mistyped one, when it is near enough. */

/** Edit distance (insertions, deletions, substitutions, and swapping two neighbours). */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** ` (did you mean "x"?)`, or '' when nothing known is within a third of the word's length. */
export function didYouMean(word: string, known: readonly string[]): string {
  const limit = Math.max(1, Math.floor(word.length / 3));
  const best = known.map((k) => ({ k, d: editDistance(word, k) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= limit ? ` (did you mean "${best.k}"?)` : '';
}

/** The long options a usage text names (`--grep`, `--time-scale`…): every option is in its command's usage. */
export function optionsOfUsage(usage: string): string[] {
  return [...new Set(usage.match(/--[a-z][a-z0-9-]*/g) ?? [])];
}
