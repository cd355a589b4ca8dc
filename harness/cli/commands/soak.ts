/**
 * `hil soak --runs N`: qualifies the faithful virtual board N times and reports the
 * false-failure rate per check. `--write` puts the table into docs/check-power.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { replaceSection } from '../../power/doc-section.ts';
import { renderSoak, soak } from '../../power/soak.ts';
import { StressError, stressNg } from '../../power/stress.ts';
import { writeFileAtomic, writeJsonAtomic } from '../../report/atomic-write.ts';
import { projectRoot } from '../../runner/settings.ts';
import { CannotRunError, type Command, UsageError } from '../command.ts';
import { QUALIFY_TIME_SCALE } from '../../time/defaults.ts';

export const command: Command = {
  name: 'soak',
  summary: 'qualify the faithful virtual board repeatedly and report false failures per check',
  usage: `usage: hil soak [--runs N] [--boards N] [--time-scale N] [--grep REGEX] [--stress [--stress-cpus N] [--stress-command CMD]] [--write] [--json FILE]
  --boards N        faithful boards qualified at once as one lab, each board's qualification a run (default 1)
  --stress          keep the cores busy for the whole soak with stress-ng --cpu N (stopped when the soak ends)
  --stress-cpus     stress-ng's CPU workers (default: this host's ${os.availableParallelism()} cores)
  --stress-command  the stress-ng to run (default stress-ng on PATH)
  --grep REGEX      only the scenarios whose title matches (a quick look, not a soak)
  --json FILE       the runs so far, rewritten after every run`,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        runs: { type: 'string', default: '20' },
        boards: { type: 'string', default: '1' },
        'time-scale': { type: 'string', default: String(QUALIFY_TIME_SCALE) },
        write: { type: 'boolean', default: false },
        json: { type: 'string' },
        grep: { type: 'string' },
        stress: { type: 'boolean', default: false },
        'stress-cpus': { type: 'string', default: String(os.availableParallelism()) },
        'stress-command': { type: 'string', default: 'stress-ng' },
      },
    });
    const runs = Number(values.runs);
    if (!Number.isInteger(runs) || runs < 1 || runs > 1000) throw new UsageError(`--runs must be an integer from 1 to 1000, got "${values.runs}"`);
    const boards = Number(values.boards);
    if (!Number.isInteger(boards) || boards < 1 || boards > 32) throw new UsageError(`--boards must be a whole number from 1 to 32, got "${values.boards}"`);
    const timeScale = Number(values['time-scale']);
    if (!(timeScale > 0)) throw new UsageError(`--time-scale must be a positive number, got "${values['time-scale']}"`);
    const cpus = Number(values['stress-cpus']);
    if (!Number.isInteger(cpus) || cpus < 1) throw new UsageError(`--stress-cpus must be a whole number ≥ 1, got "${values['stress-cpus']}"`);
    // stress-ng's own bound, should this process be killed outright: an hour a run is far beyond any run.
    const stress = values.stress ? stressNg(cpus, runs * 3600, values['stress-command']) : undefined;
    const soaked = await soak({
      runs,
      boards,
      timeScale,
      grep: values.grep,
      stress,
      onRun: (r, soFar, all) => {
        process.stdout.write(
          `run ${String(r.run).padStart(3)}/${runs}  ${(r.wallMs / 1000).toFixed(0).padStart(4)} s  load ${r.loadAvg1.toFixed(1)}  ` +
            `${r.notPassed.length === 0 && r.broken.length === 0 ? (r.overloaded.length ? `no false alarm; NOT JUDGED (host overloaded) ${r.overloaded.join(',')}` : 'all pass') : `FALSE ALARMS ${r.notPassed.map((x) => `${x.id}=${x.cell}`).join(', ')} ${r.broken.length ? `BROKEN ${r.broken.join('; ')}` : ''} (${r.runDir})`}\n`,
        );
        if (values.json) writeJsonAtomic(values.json, { summary: soFar, runs: all });
      },
    }).catch((err: unknown) => {
      if (err instanceof StressError) throw new CannotRunError(err.message, { cause: err });
      throw err;
    });
    const { runs: done, summary } = soaked;
    if (values.json) writeJsonAtomic(values.json, { summary, runs: done });
    const table = renderSoak(summary, new Date().toISOString().slice(0, 10));
    process.stdout.write(`\n${table}\n`);
    if (values.write) {
      const doc = path.join(projectRoot, 'docs', 'check-power.md');
      writeFileAtomic(doc, replaceSection(fs.readFileSync(doc, 'utf8'), 'soak', table));
    }
    return summary.runsWithAnyFalseAlarm === 0 ? 0 : 1;
  },
};
