// Judges backoff.jitter-distribution again over recorded runs, from the checks inputs each
// scenario left in its run folder (scenarios/<board>/*.checks-input.json): how the
// run-level verdict comes out on runs already made, e.g. many faithful runs for its
// empirical false-alarm rate.
//   node --import tsx scripts/judge-recorded-delays.ts RUN_DIR...
import fs from 'node:fs';
import path from 'node:path';
import { delaySamples } from '../harness/checks/backoff/delay-samples.ts';
import type { CheckInput } from '../harness/checks/input.ts';
import { observe } from '../harness/checks/observe/observation.ts';
import { type BoardDelays, runLevelVerdicts } from '../harness/report/run-level.ts';

const dirs = process.argv.slice(2);
if (dirs.length === 0) {
  console.error('usage: node --import tsx scripts/judge-recorded-delays.ts RUN_DIR... (folders holding scenarios/<board>/*.checks-input.json)');
  process.exit(2);
}
for (const dir of dirs) {
  const root = path.join(dir, 'scenarios');
  if (!fs.existsSync(root)) {
    console.error(`${dir}: no scenarios/ folder; give a run folder (reports/<run id>)`);
    process.exitCode = 2;
    continue;
  }
  const byBoard = new Map<string, BoardDelays[]>();
  for (const board of fs.readdirSync(root).sort()) {
    const files = fs.readdirSync(path.join(root, board)).filter((f) => f.endsWith('.checks-input.json')).sort();
    byBoard.set(board, files.map((f) => {
      const { input } = JSON.parse(fs.readFileSync(path.join(root, board, f), 'utf8')) as { input: CheckInput };
      return { scenario: f, key: f, epsilonMs: input.board.epsilonMs, samples: delaySamples(observe(input)) };
    }));
  }
  for (const v of runLevelVerdicts(byBoard)) console.log(`${dir}\t${v.board}\t${v.verdict}\t${v.reason}`);
}
