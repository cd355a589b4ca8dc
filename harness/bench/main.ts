/**
 * `npm run bench`: the harness's own speed and accuracy, measured (never part of the
 * test command). Prints the figures as JSON and writes them into docs/performance.md.
 * Every figure is the median of `--repeats` runs with the load average beside it: the
 * machine may be shared, and a loaded host is slower and later than an idle one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { renderBenchDoc, writeBetweenMarkers } from './doc.ts';
import { loadAverage, type LoadAverage } from './host.ts';
import { grepFor, parseBenchOptions, usage } from './options.ts';
import { measureQualify, type QualifyMeasure } from './qualify-run.ts';
import { measureSerialLines } from './serial-lines.ts';
import { median, round, type Spread, spread } from './stats.ts';
import { measureThroughput } from './throughput.ts';
import { measureTimeline, type TimelineCost } from './timeline-cost.ts';

export interface TimingFigure {
  boards: number;
  timeScale: number;
  grep: string;
  repeats: number;
  samples: number;
  /** Wall ms; the samples of every repeat pooled. */
  error: Spread;
  arm: Spread;
  late: Spread;
  dial: Spread;
  wallS: number;
  scenarioS: number;
  scheduleWaitS: number;
  cpuSPerBoard: number | undefined;
  peakRssMiBPerBoard: number;
  exitCodes: number[];
  load: LoadAverage[];
  /** Every sample, so that saved figures can be summed up again. */
  raw: QualifyMeasure['samples'];
}

export interface ThroughputFigure {
  qos: 0 | 1;
  messages: number;
  aedesMsgPerS: number;
  gateMsgPerS: number;
  /** gate ÷ aedes. */
  ratio: number;
  load: LoadAverage[];
}

export interface BenchFigures {
  measuredAt: string;
  node: string;
  command: string;
  timing: TimingFigure[];
  throughput: ThroughputFigure[];
  serial?: { linesPerS: number; load: LoadAverage };
  timeline?: TimelineCost & { load: LoadAverage };
}

const say = (text: string) => process.stderr.write(`bench: ${text}\n`);

function timingFigure(runs: QualifyMeasure[]): TimingFigure {
  const first = runs[0]!;
  // The samples of all repeats pooled: a run has few reconnects, a p99 needs many.
  const of = (pick: (s: QualifyMeasure['samples'][number]) => number) => spread(runs.flatMap((r) => r.samples.map(pick)));
  const cpu = runs.map((r) => r.cpuS).filter((x): x is number => x !== undefined);
  return {
    boards: first.boards,
    timeScale: first.timeScale,
    grep: first.grep,
    repeats: runs.length,
    samples: runs.reduce((a, r) => a + r.samples.length, 0),
    error: of((s) => s.errorMs),
    arm: of((s) => s.armMs),
    late: of((s) => s.lateMs),
    dial: of((s) => s.dialMs),
    wallS: round(median(runs.map((r) => r.wallS)), 1),
    scenarioS: round(median(runs.map((r) => r.scenarioS)), 1),
    scheduleWaitS: round(median(runs.map((r) => r.scheduleWaitS)), 1),
    cpuSPerBoard: cpu.length > 0 ? round(median(cpu) / first.boards, 2) : undefined,
    peakRssMiBPerBoard: round(median(runs.map((r) => r.peakRssBytes)) / first.boards / 2 ** 20, 1),
    exitCodes: runs.map((r) => r.exitCode),
    load: runs.map((r) => r.load.after),
    raw: runs.flatMap((r) => r.samples),
  };
}

async function main(argv: string[]): Promise<number> {
  let options: ReturnType<typeof parseBenchOptions>;
  try {
    options = parseBenchOptions(argv);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${usage}\n`);
    return 2;
  }
  if (options.fromJson.length > 0) {
    const saved = options.fromJson.map((f) => JSON.parse(fs.readFileSync(f, 'utf8')) as BenchFigures);
    writeBetweenMarkers(path.resolve(options.doc ?? 'docs/performance.md'), saved.map(renderBenchDoc).join('\n\n'));
    say(`wrote ${options.doc} from ${options.fromJson.join(', ')}`);
    return 0;
  }
  const figures: BenchFigures = { measuredAt: new Date().toISOString(), node: process.version, command: `npm run bench -- ${argv.join(' ')}`.trim(), timing: [], throughput: [] };
  if (options.parts.has('timeline')) {
    say(`timeline: ${options.timelineEvents} events`);
    figures.timeline = { ...measureTimeline(options.timelineEvents), load: loadAverage() };
  }
  if (options.parts.has('serial')) {
    say('serial lines/s');
    const runs = Array.from({ length: options.repeats }, () => measureSerialLines(100_000).linesPerS);
    figures.serial = { linesPerS: Math.round(median(runs)), load: loadAverage() };
  }
  if (options.parts.has('throughput')) {
    for (const qos of [0, 1] as const) {
      const aedes: number[] = [];
      const gate: number[] = [];
      const load: LoadAverage[] = [];
      // Alternated, so that a change of load hits both paths alike.
      for (let r = 0; r < options.repeats; r++) {
        say(`throughput QoS ${qos}, run ${r + 1}/${options.repeats}`);
        aedes.push((await measureThroughput('aedes', qos, options.messages)).msgPerS);
        gate.push((await measureThroughput('gate', qos, options.messages)).msgPerS);
        load.push(loadAverage());
      }
      const a = median(aedes);
      const g = median(gate);
      figures.throughput.push({ qos, messages: options.messages, aedesMsgPerS: Math.round(a), gateMsgPerS: Math.round(g), ratio: round(g / a, 2), load });
    }
  }
  if (options.parts.has('timing')) {
    for (const timeScale of options.scales) {
      for (const boards of options.boards) {
        const runs: QualifyMeasure[] = [];
        for (let r = 0; r < options.repeats; r++) {
          say(`qualification: ${boards} board(s) at time scale ${timeScale}, run ${r + 1}/${options.repeats} (load ${loadAverage()['1m']})`);
          const keep = options.keep ? path.join(options.keep, `${boards}b-s${timeScale}-r${r + 1}`) : undefined;
          const onKept = (dir: string, exitCode: number) => say(`run folder kept: ${dir}${exitCode === 0 ? '' : ` (exit ${exitCode}: the run did not pass)`}`);
          runs.push(await measureQualify({ boards, timeScale, grep: grepFor(timeScale, options.grep), keep, onKept }));
        }
        figures.timing.push(timingFigure(runs));
      }
    }
  }
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  if (options.json) fs.writeFileSync(options.json, `${JSON.stringify(figures, null, 2)}\n`);
  if (options.doc) {
    writeBetweenMarkers(path.resolve(options.doc), renderBenchDoc(figures));
    say(`wrote ${options.doc}`);
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
