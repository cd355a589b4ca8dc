/**
 * `hil mutation`: mutation testing of the virtual board's MQTT library with the
 * qualification as the test (harness/mutation/). Not part of `npm test`: a full run takes
 * hours. `--write` puts the score and the survivors into docs/check-power.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_MATRIX_CONCURRENCY } from '../../power/kill-matrix.ts';
import { replaceSection } from '../../power/doc-section.ts';
import { renderMutation } from '../../mutation/render.ts';
import { MutationError } from '../../mutation/instrument.ts';
import { DEFAULT_MUTATION_SAMPLE, type MutationReport, reproducingCommand, runMutation, withTodaysAnalyses } from '../../mutation/run.ts';
import { writeFileAtomic } from '../../report/atomic-write.ts';
import { projectRoot, reportsDir } from '../../runner/settings.ts';
import { CannotRunError, type Command, UsageError } from '../command.ts';
import { POWER_TIME_SCALE } from '../../time/defaults.ts';

const usage = `usage: hil mutation [--sample N|all] [--seed N] [--concurrency N] [--files GLOBS] [--mutant ID]
                    [--grep REGEX] [--time-scale N] [--json FILE] [--write] [--from-json FILE]
  --sample       mutants tested, a seeded draw from those the qualification reaches (default ${DEFAULT_MUTATION_SAMPLE}: ≤ 2 h on 2 cores)
  --seed         seed of the draw (default 1)
  --concurrency  boards qualified at once, one mutant each (default ${DEFAULT_MATRIX_CONCURRENCY})
  --files        comma-separated globs of file names in harness/virtual/mqtt/ (default: all), e.g. 'client.ts,reconnect-*.ts'
  --mutant       only this mutant id (no baseline run, no sample)
  --grep         only the scenarios whose title matches (a quick look, not a score; checks without a verdict are not counted)
  --time-scale   device seconds per wall second (default ${POWER_TIME_SCALE})
  --json         the report, rewritten after every batch (default reports/mutation.json)
  --write        put the score and the survivors into docs/check-power.md (after every batch)
  --from-json    a recorded report (its --json), rendered again with today's analyses of its
                 survivors (harness/mutation/analyses.ts); no mutant is run`;

function wholeNumber(flag: string, raw: string, min: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${flag} must be a whole number ≥ ${min}, got "${raw}"`);
  return n;
}

/** An argument as a shell would need it, so the command shown in the doc can be pasted. */
function shellWord(arg: string): string {
  return /^[\w.,:/=@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}

export const command: Command = {
  name: 'mutation',
  summary: 'mutation testing of the virtual board MQTT library, the qualification as the test',
  usage,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        sample: { type: 'string', default: String(DEFAULT_MUTATION_SAMPLE) },
        seed: { type: 'string', default: '1' },
        concurrency: { type: 'string', default: String(DEFAULT_MATRIX_CONCURRENCY) },
        files: { type: 'string' },
        mutant: { type: 'string' },
        grep: { type: 'string' },
        'time-scale': { type: 'string', default: String(POWER_TIME_SCALE) },
        json: { type: 'string', default: path.join(reportsDir, 'mutation.json') },
        write: { type: 'boolean', default: false },
        'from-json': { type: 'string' },
      },
    });
    const doc = path.join(projectRoot, 'docs', 'check-power.md');
    const writeDoc = (body: string) => writeFileAtomic(doc, replaceSection(fs.readFileSync(doc, 'utf8'), 'mutation', body));
    if (values['from-json']) {
      let recorded: MutationReport;
      try {
        recorded = JSON.parse(fs.readFileSync(values['from-json'], 'utf8')) as MutationReport;
      } catch (err) {
        throw new CannotRunError(`--from-json ${values['from-json']}: cannot be read as a mutation report (${(err as Error).message}); give the --json file of a mutation run`);
      }
      if (!Array.isArray(recorded.results) || typeof recorded.options !== 'object') throw new CannotRunError(`--from-json ${values['from-json']}: no results or options in it: not a mutation report`);
      const section = renderMutation(withTodaysAnalyses(recorded), reproducingCommand(recorded.options));
      process.stdout.write(`${section}\n`);
      if (values.write) writeDoc(section);
      return recorded.complete ? 0 : 1;
    }
    const sample = values.sample === 'all' ? undefined : wholeNumber('sample', values.sample, 1);
    const seed = wholeNumber('seed', values.seed, 0);
    const concurrency = wholeNumber('concurrency', values.concurrency, 1);
    const timeScale = Number(values['time-scale']);
    if (!(timeScale > 0)) throw new UsageError(`--time-scale must be a positive number, got "${values['time-scale']}"`);
    const jsonFile = path.resolve(values.json);
    fs.mkdirSync(path.dirname(jsonFile), { recursive: true });
    const shown = ['npm run mutation --', ...argv.filter((a) => a !== '--write').map(shellWord)].join(' ').replace(/ --$/, '');
    let report: MutationReport;
    try {
      report = await runMutation({
        files: values.files,
        sample,
        seed,
        mutant: values.mutant,
        grep: values.grep,
        timeScale,
        concurrency,
        // Each lab costs a Playwright start and a report (~15 s): 4 boards per worker amortise
        // it, and the report is at most that many mutants (some 7 min of a quiet host) behind.
        batch: 4 * concurrency,
        jsonFile,
        onProgress: (line) => process.stdout.write(`${line}\n`),
        onBatch: (r) => values.write && writeDoc(renderMutation(r, shown)),
      });
    } catch (err) {
      if (err instanceof MutationError) throw new CannotRunError(err.message, { cause: err });
      throw err;
    }
    const section = renderMutation(report, shown);
    process.stdout.write(`\n${section}\n\nreport: ${jsonFile}\n`);
    if (values.write) {
      writeDoc(section);
      process.stdout.write(`wrote ${path.relative(process.cwd(), doc)}\n`);
    }
    return report.complete ? 0 : 1;
  },
};
