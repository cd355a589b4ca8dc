/**
 * `hil report`: re-render a run folder's qualification report (index.html, report.pdf),
 * or merge several run folders (lab hosts, shards) into one and render that.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { mergeRuns } from '../../report/merge.ts';
import { mergePlaywrightReports } from '../../report/merge-blobs.ts';
import { FULL_PAPER_MAX_SCENARIOS, type PaperChoice } from '../../report/paper.ts';
import { describeRender, renderReport } from '../../report/render.ts';
import { summarise } from '../../runner/qualify.ts';
import { CannotRunError, type Command, UsageError } from '../command.ts';

const usage = `usage: hil report [DIR] [--no-pdf] [--paper auto|full|condensed] [--chromium PATH]
       hil report --merge DIR... --out DIR [--no-pdf] [--paper ...] [--chromium PATH]
  DIR              a run folder of hil qualify (default reports/latest)
  --merge          merge these run folders (e.g. one per lab host or shard) into --out
  --out DIR        the merged run folder (created; its runs/ holds the sources' files)
  --no-pdf         write index.html only
  --paper WHAT     what report.pdf holds: full (every verdict with its evidence, as index.html),
                   condensed (passing scenarios one mark each, the rest in full), or auto
                   (default: condensed above ${FULL_PAPER_MAX_SCENARIOS} scenarios, which Chromium cannot print whole in time)
  --chromium PATH  Chromium for report.pdf (default: HIL_CHROMIUM, the lab config, /usr/bin/chromium)
Exit status: as the run's: 0 every check passed, 1 a check failed, 2 broken, not renderable,
or a run that did not finish (interrupted, or still "running").`;

export const command: Command = {
  name: 'report',
  summary: 'render a run folder as index.html and report.pdf, or merge run folders (--merge DIR… --out DIR)',
  usage,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        merge: { type: 'boolean', default: false },
        out: { type: 'string' },
        'no-pdf': { type: 'boolean', default: false },
        chromium: { type: 'string' },
        paper: { type: 'string', default: 'auto' },
      },
    });
    const paperChoices: PaperChoice[] = ['auto', 'full', 'condensed'];
    const paper = values.paper as PaperChoice;
    if (!paperChoices.includes(paper)) throw new UsageError(`--paper ${values.paper}: give one of ${paperChoices.join(', ')}`);
    let runDir: string;
    if (values.merge) {
      if (positionals.length === 0) throw new UsageError('--merge needs the run folders to merge');
      if (!values.out) throw new UsageError('--merge needs --out DIR for the merged report');
      try {
        const merged = mergeRuns(positionals, values.out);
        runDir = merged.outDir;
        process.stdout.write(`merged ${positionals.length} runs into ${runDir}: boards ${Object.keys(merged.results.boards).join(', ')}\n`);
        for (const r of merged.renamed) process.stdout.write(`  board "${r.from}" of run ${r.runId} is "${r.to}" here (another run has a board by that name)\n`);
      } catch (err) {
        throw new CannotRunError((err as Error).message);
      }
      // The merged results.json is written: a Playwright report that cannot be drawn loses nothing.
      try {
        const pw = await mergePlaywrightReports(runDir);
        if (pw) process.stdout.write(`Playwright report of all shards: ${pw}\n`);
      } catch (err) {
        process.stdout.write(`the shards' Playwright report could not be merged (each is in runs/<id>/playwright-report): ${(err as Error).message}\n`);
      }
    } else {
      if (positionals.length > 1) throw new UsageError(`one run folder at a time (got ${positionals.length}); to combine runs use --merge DIR... --out DIR`);
      if (values.out) throw new UsageError('--out is for --merge; a run is re-rendered in its own folder');
      runDir = path.resolve(positionals[0] ?? path.join('reports', 'latest'));
      if (!fs.existsSync(path.join(runDir, 'results.json'))) {
        throw new CannotRunError(`no results.json in ${runDir}: give a run folder of hil qualify (reports/<run id>/), or run hil qualify first`);
      }
    }
    let outcome: Awaited<ReturnType<typeof renderReport>>;
    try {
      outcome = await renderReport(runDir, { pdf: !values['no-pdf'], chromium: values.chromium, paper });
    } catch (err) {
      throw new CannotRunError((err as Error).message);
    }
    const run = summarise(JSON.parse(fs.readFileSync(path.join(outcome.runDir, 'results.json'), 'utf8')));
    process.stdout.write(`${run.summary}\n${describeRender(outcome)}\n`);
    return run.exitCode;
  },
};
