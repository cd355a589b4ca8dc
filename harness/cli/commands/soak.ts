/**
 * `hil soak --runs N`: qualifies the faithful virtual board N times and reports the
 * false-failure rate per check. `--write` puts the table into docs/check-power.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { replaceSection } from '../../power/doc-section.ts';
import { renderSoak, soak } from '../../power/soak.ts';
import { projectRoot } from '../../runner/settings.ts';
import { type Command, UsageError } from '../command.ts';
import { QUALIFY_TIME_SCALE } from '../../time/defaults.ts';

export const command: Command = {
  name: 'soak',
  summary: 'qualify the faithful virtual board repeatedly and report false failures per check',
  usage: 'usage: hil soak [--runs N] [--time-scale N] [--write] [--json FILE]',
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        runs: { type: 'string', default: '20' },
        'time-scale': { type: 'string', default: String(QUALIFY_TIME_SCALE) },
        write: { type: 'boolean', default: false },
        json: { type: 'string' },
      },
    });
    const runs = Number(values.runs);
    if (!Number.isInteger(runs) || runs < 1 || runs > 1000) throw new UsageError(`--runs must be an integer from 1 to 1000, got "${values.runs}"`);
    const timeScale = Number(values['time-scale']);
    if (!(timeScale > 0)) throw new UsageError(`--time-scale must be a positive number, got "${values['time-scale']}"`);
    const { runs: done, summary } = await soak({
      runs,
      timeScale,
      onRun: (r) =>
        process.stdout.write(
          `run ${String(r.run).padStart(3)}/${runs}  ${(r.wallMs / 1000).toFixed(0).padStart(4)} s  ` +
            `${r.notPassed.length === 0 && r.broken.length === 0 ? 'all pass' : `FALSE ALARMS ${r.notPassed.map((x) => `${x.id}=${x.cell}`).join(', ')} ${r.broken.length ? `BROKEN ${r.broken.join('; ')}` : ''} (${r.runDir})`}\n`,
        ),
    });
    if (values.json) fs.writeFileSync(values.json, `${JSON.stringify({ summary, runs: done }, null, 2)}\n`);
    const table = renderSoak(summary, new Date().toISOString().slice(0, 10));
    process.stdout.write(`\n${table}\n`);
    if (values.write) {
      const doc = path.join(projectRoot, 'docs', 'check-power.md');
      fs.writeFileSync(doc, replaceSection(fs.readFileSync(doc, 'utf8'), 'soak', table));
    }
    return summary.runsWithAnyFalseAlarm === 0 ? 0 : 1;
  },
};
