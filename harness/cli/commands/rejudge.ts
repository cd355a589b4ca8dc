/**
 * `hil rejudge [RUN]`: the current checks on a run's recorded inputs; prints what changed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { describeRejudged, RejudgeError, rejudgeRun } from '../../report/rejudge.ts';
import { LATEST_LINK } from '../../report/run-folder.ts';
import { reportsDir } from '../../runner/settings.ts';
import { CannotRunError, type Command, UsageError } from '../command.ts';

const usage = `usage: hil rejudge [RUN] [--json]
  RUN     a run folder, or a run id in reports/ (default reports/${LATEST_LINK})
  --json  print the re-judged verdicts and the changes as JSON instead of text
Re-runs the current checks on each scenario's recorded input (<scenario>.checks-input.json)
and prints the verdicts that changed from those results.json recorded; writes nothing.
Exit status: 0 no re-judged check fails, 1 one fails, 2 the run folder cannot be read.`;

export const command: Command = {
  name: 'rejudge',
  summary: "re-run the current checks on a run's recorded inputs and print the verdicts that changed",
  usage,
  async run(argv) {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
    if (positionals.length > 1) throw new UsageError(`one run folder at a time, got ${positionals.length}`);
    const given = positionals[0] ?? path.join(reportsDir, LATEST_LINK);
    const runDir = fs.existsSync(given) ? given : path.join(reportsDir, given);
    if (!fs.existsSync(runDir)) throw new CannotRunError(`no run folder ${given} (nor ${runDir}): give a folder hil qualify wrote, e.g. reports/latest`);
    let rejudged: ReturnType<typeof rejudgeRun>;
    try {
      rejudged = rejudgeRun(runDir);
    } catch (err) {
      if (err instanceof RejudgeError) throw new CannotRunError(err.message);
      throw err;
    }
    process.stdout.write(values.json ? `${JSON.stringify(rejudged, null, 2)}\n` : `${describeRejudged(rejudged)}\n`);
    return rejudged.verdicts.some((v) => v.verdict === 'fail') ? 1 : 0;
  },
};
