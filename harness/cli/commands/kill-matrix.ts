/**
 * `hil kill-matrix`: qualifies the virtual board once per personality and shows which
 * checks each one trips, against the checks its deviation concerns. `--write` puts the
 * matrix into docs/check-power.md. `--from-run DIR` judges a matrix already run (its run
 * folder) against today's expectations, without qualifying anything.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { expectedKills } from '../../power/expected-kills.ts';
import { DEFAULT_MATRIX_CONCURRENCY, judgeRow, type MatrixRow, matrixRowsOfRun, runKillMatrix } from '../../power/kill-matrix.ts';
import { loadResults } from '../../report/model.ts';
import { RejudgeError, rejudgeRun, withTodaysChecks } from '../../report/rejudge.ts';
import { renderMatrix } from '../../power/render.ts';
import { replaceSection } from '../../power/doc-section.ts';
import { projectRoot } from '../../runner/settings.ts';
import { builtInPersonalityNames } from '../../virtual/personalities/registry.ts';
import { CannotRunError, type Command, UsageError } from '../command.ts';
import { POWER_TIME_SCALE } from '../../time/defaults.ts';

const usage = `usage: hil kill-matrix [--personality NAME|PATH]... [--time-scale N] [--concurrency N] [--all-scenarios] [--grep RE] [--write] [--json FILE] [--from-run DIR [--rejudge]]
  --personality  only these (default: faithful and every built-in personality)
  --all-scenarios every personality on every scenario (default: each on the scenarios that judge
                 the checks it must fail, the faithful board and a lab's own module on all;
                 about a twentieth of the cost, see docs/check-power.md)
  --time-scale   device seconds per wall second (default ${POWER_TIME_SCALE})
  --concurrency  boards qualified at once, one personality each (default ${DEFAULT_MATRIX_CONCURRENCY})
  --write        put the matrix into docs/check-power.md
  --json FILE    write the rows as JSON
  --from-run DIR judge the kill matrix recorded in run folder DIR again (no boards are run)
  --grep RE      only the scenarios whose title matches RE: a narrowed matrix, quick to run for
                 new scenarios or checks (a check with no evidence there is not judged, and a
                 kill is missed only by a check its scenarios ask for)
  --rejudge      with --from-run: first judge each scenario's recorded input with today's checks
                 (hil rejudge), and the whole-run verdicts from the recorded delays`;

/** The rows of a recorded run, and the `--grep` it was narrowed with (if it was). */
function rowsOfRecordedRun(dir: string, rejudge: boolean): { rows: MatrixRow[]; grep: string | undefined } {
  if (!fs.existsSync(path.join(dir, 'results.json'))) throw new CannotRunError(`no results.json in ${path.resolve(dir)}: give the run folder of a kill matrix (its path is in each row's runDir)`);
  const recorded = loadResults(dir);
  const grep = recorded.filter?.grep;
  if (!rejudge) return { rows: matrixRowsOfRun(recorded, path.resolve(dir)), grep };
  try {
    return { rows: matrixRowsOfRun(withTodaysChecks(recorded, rejudgeRun(dir)), path.resolve(dir)), grep };
  } catch (err) {
    if (err instanceof RejudgeError) throw new CannotRunError(err.message);
    throw err;
  }
}

export const command: Command = {
  name: 'kill-matrix',
  summary: 'qualify the virtual board once per personality and show which checks catch it',
  usage,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        personality: { type: 'string', multiple: true, default: [] },
        'time-scale': { type: 'string', default: String(POWER_TIME_SCALE) },
        concurrency: { type: 'string', default: String(DEFAULT_MATRIX_CONCURRENCY) },
        write: { type: 'boolean', default: false },
        json: { type: 'string' },
        'from-run': { type: 'string' },
        rejudge: { type: 'boolean', default: false },
        grep: { type: 'string' },
        'all-scenarios': { type: 'boolean', default: false },
      },
    });
    const timeScale = Number(values['time-scale']);
    if (!(timeScale > 0)) throw new UsageError(`--time-scale must be a positive number, got "${values['time-scale']}"`);
    const concurrency = Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`--concurrency must be a whole number ≥ 1, got "${values.concurrency}"`);
    const started = Date.now();
    const personalities = values.personality.length > 0 ? values.personality.map((p) => (p.includes('/') ? path.resolve(p) : p)) : [...builtInPersonalityNames];
    const printRow = (row: MatrixRow) => {
        const j = judgeRow(row, expectedKills[row.personality] ?? { fails: [] }, { narrowed });
        process.stdout.write(
          `${row.personality.padEnd(34)} ${(row.wallMs / 1000).toFixed(0).padStart(4)} s ${String(row.scenarioCount).padStart(3)} scenarios  caught ${j.caught.join(',') || '-'}` +
            `${j.missed.length ? `  MISSED ${j.missed.join(',')}` : ''}${j.falseAlarms.length ? `  FALSE ALARMS ${j.falseAlarms.map((id) => `${id}=${row.cells[id]}`).join(',')}` : ''}` +
            `${row.overloaded?.length ? `  NOT JUDGED (host overloaded) ${row.overloaded.join(',')}` : ''}${row.broken.length ? `  BROKEN ${row.broken.join('; ')}` : ''}\n`,
        );
    };
    const fromRun = values['from-run'];
    if (values.grep !== undefined && fromRun) throw new UsageError('--grep goes with a new matrix: a recorded run (--from-run) is judged as narrowly as it was run');
    if (values.rejudge && !fromRun) throw new UsageError('--rejudge goes with --from-run DIR: it judges a recorded run again');
    if (values['all-scenarios'] && fromRun) throw new UsageError('--all-scenarios goes with a new matrix: a recorded run is judged as it was run (confined boards as confined)');
    const recorded = fromRun ? rowsOfRecordedRun(fromRun, values.rejudge) : undefined;
    // A run narrowed by --grep judges only the checks with evidence in its scenarios, whether new or recorded.
    const narrowed = (recorded ? recorded.grep : values.grep) !== undefined;
    if (narrowed && values.write) throw new UsageError(`a matrix narrowed by --grep${recorded ? ` (this run was: ${recorded.grep})` : ''} cannot be the table of docs/check-power.md (--write)`);
    const rows = recorded ? recorded.rows : await runKillMatrix({ personalities, timeScale, concurrency, allScenarios: values['all-scenarios'], onRow: printRow, ...(values.grep ? { grep: values.grep } : {}) });
    if (recorded) rows.forEach(printRow);
    process.stdout.write(`${rows.length} personalities, ${concurrency} at a time: ${((Date.now() - started) / 1000).toFixed(0)} s wall\n`);
    if (values.json) fs.writeFileSync(values.json, `${JSON.stringify(rows, null, 2)}\n`);
    if (values.write) {
      const doc = path.join(projectRoot, 'docs', 'check-power.md');
      const how = fromRun ? `from the recorded run \`${path.basename(path.resolve(fromRun))}\`${values.rejudge ? ' (re-judged with the checks of this commit)' : ''}` : `at time scale ${timeScale}`;
      const confined = rows.filter((r) => r.confinedTo !== undefined).length;
      const scope =
        confined > 0
          ? ` ${confined} of the ${rows.length} boards were confined to the scenarios that judge the checks they must fail (— is a check those scenarios do not ask for); \`--all-scenarios\` runs every board on every scenario.`
          : ' Every board ran every scenario.';
      const table = `Generated by \`npx hil kill-matrix --write${values['all-scenarios'] ? ' --all-scenarios' : ''}\` ${how} on ${new Date().toISOString().slice(0, 10)}.${scope}\n\n${renderMatrix(rows, expectedKills)}`;
      fs.writeFileSync(doc, replaceSection(fs.readFileSync(doc, 'utf8'), 'kill-matrix', table));
      process.stdout.write(`wrote ${path.relative(process.cwd(), doc)}\n`);
    }
    const bad = rows.filter((r) => {
      const kill = expectedKills[r.personality];
      // A lab's own personality has no recorded expectation: it must be caught by something.
      if (!kill) return !Object.values(r.cells).includes('fail');
      const j = judgeRow(r, kill, { narrowed });
      return j.missed.length + j.falseAlarms.length + r.broken.length > 0;
    });
    return bad.length === 0 ? 0 : 1;
  },
};
