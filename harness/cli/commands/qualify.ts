/**
 * `hil qualify`: the main job. With no lab config (hil.config.ts), one virtual board.
 */
import path from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { listPorts } from '../../boards/list-ports.ts';
import { PreflightError, preflight } from '../../boards/preflight.ts';
import { checkIds } from '../../contract/check-ids.ts';
import { virtualLab } from '../../lab/load.ts';
import { loadLabForCli } from '../load-lab.ts';
import { type LabConfig, labConfig } from '../../lab/schema.ts';
import { checkGrep, judgingScenarios, lastFailedGrep, SelectionError } from '../../runner/check-scenarios.ts';
import { listScenarios } from '../../runner/list.ts';
import { qualify } from '../../runner/qualify.ts';
import { parseShard, type Shard } from '../../runner/shard.ts';
import { projectRoot, reportsDir as defaultReportsDir } from '../../runner/settings.ts';
import { CannotRunError, type Command, UsageError } from '../command.ts';
import { didYouMean } from '../suggest.ts';
import { QUALIFY_TIME_SCALE } from '../../time/defaults.ts';
import { jsonSummary } from './qualify-json.ts';

const usage = `usage: hil qualify [options] [-- PLAYWRIGHT-OPTIONS...]
Which boards:
  --config FILE      the lab config (default hil.config.ts, .mts, .js or .mjs in this folder)
  --virtual          ignore the lab config: one virtual board
  --port PORT        no lab config: one physical board on PORT (reset by DTR/RTS; e.g. /dev/ttyUSB0),
                     joining the Wi-Fi named by LAB_WIFI_SSID and LAB_WIFI_PASS
  --host ADDR        with --port: this machine's address on the lab network (the brokers listen there)
  --board NAME       only these boards of the lab config (repeatable)
  --workers N        at most N boards qualified at once (default: every board of the lab)
Virtual boards (refused when the lab has none):
  --time-scale N     device seconds per wall second (default ${QUALIFY_TIME_SCALE})
  --personality P    a misbehaviour of the virtual board (built-in name or module path; repeatable)
  --seed N           the seed of the virtual boards' randomness (jitter), for a repeatable run
Which scenarios (any of these: the run is recorded as PARTIAL, never passed):
  --grep REGEX       only scenarios whose title matches (e.g. @realtime, backoff)
  --grep-invert RE   not the scenarios whose title matches
  --check ID         only the scenarios that judge this check (repeatable; e.g. backoff.schedule)
  --last-failed      only the scenarios that failed or broke in the newest run (reports/latest)
  --list             list the scenarios each board would run, and run nothing
  --shard i/n        only shard i of n of the scenarios (one per lab host or process); a shard is
                     PARTIAL alone: merge all n with hil report --merge DIR... --out DIR
How:
  --repeat-each N    run every scenario N times (each repeat keeps its own evidence files)
  --max-failures N   stop after N failed scenarios; -x: after the first
  --reporter NAME    Playwright's terminal reporter instead of list (dot, line…); the run's files stay
  --json             print the summary as JSON on stdout (the run's own output goes to stderr)
  --run-id ID        name the run folder D/ID instead of a time stamp and pid
  --reports-dir D    where run folders go (default reports/); D/latest points at the newest
  -- ...             anything after -- is passed to playwright test as it is
Exit status: 0 every check passed, 1 a check failed, 2 broken or could not run,
130 interrupted (Ctrl-C, SIGTERM: the finished scenarios are reported; a second Ctrl-C quits at once)`;

/** Every option of hil qualify (each is described in its usage: test/cli/habits.test.ts). */
export const options = {
  config: { type: 'string' },
  virtual: { type: 'boolean', default: false },
  port: { type: 'string' },
  host: { type: 'string' },
  'time-scale': { type: 'string' },
  personality: { type: 'string', multiple: true, default: [] },
  board: { type: 'string', multiple: true, default: [] },
  workers: { type: 'string' },
  grep: { type: 'string' },
  'grep-invert': { type: 'string' },
  check: { type: 'string', multiple: true, default: [] },
  'last-failed': { type: 'boolean', default: false },
  list: { type: 'boolean', default: false },
  seed: { type: 'string' },
  'repeat-each': { type: 'string' },
  'max-failures': { type: 'string' },
  x: { type: 'boolean', short: 'x', default: false },
  reporter: { type: 'string' },
  json: { type: 'boolean', default: false },
  'run-id': { type: 'string' },
  'reports-dir': { type: 'string' },
  shard: { type: 'string' },
} satisfies NonNullable<ParseArgsConfig['options']>;

/** A personality given as a module path rather than a built-in name. */
export function isModulePath(ref: string): boolean {
  return ref.includes('/') || /\.(m?[jt]s)$/.test(ref);
}

export interface LabChoice {
  virtual: boolean;
  timeScale?: number;
  personalities: string[];
  seed?: number;
  boards: string[];
  /** One ad-hoc physical board on this port (no lab config). */
  port?: string;
  /** With `port`: the address the board reaches the brokers on. */
  host?: string;
  /** Its Wi-Fi, from the environment (a password never on the command line). */
  env?: Readonly<NodeJS.ProcessEnv>;
}

/** The environment variables an ad-hoc board (`--port`) takes its Wi-Fi from, as hil.config.example.ts does. */
export const WIFI_ENV = { ssid: 'LAB_WIFI_SSID', pass: 'LAB_WIFI_PASS' } as const;

export function resolveLab(lab: LabConfig | undefined, v: LabChoice): LabConfig {
  if (v.host !== undefined && v.port === undefined) throw new UsageError('--host goes with --port (a lab config names its host itself)');
  if (v.port !== undefined) {
    if (v.virtual || lab) throw new UsageError(`--port ${v.port} qualifies one board without a lab config: drop --port, or ${v.virtual ? '--virtual' : 'the lab config (--config, hil.config.ts)'}`);
    if (v.host === undefined) throw new UsageError(`--port ${v.port}: the board reaches the brokers over Wi-Fi; give --host ADDR, this machine's address on the lab network`);
    const env = v.env ?? process.env;
    const ssid = env[WIFI_ENV.ssid];
    if (!ssid) throw new UsageError(`--port ${v.port}: the board joins the lab's Wi-Fi; set ${WIFI_ENV.ssid} (and ${WIFI_ENV.pass}) in the environment`);
    lab = labConfig.parse({ host: v.host, brokers: { bind: v.host }, boards: [{ name: 'board', kind: 'physical', port: v.port, reset: 'dtr-rts', wifi: { ssid, pass: env[WIFI_ENV.pass] ?? '' } }] });
  }
  let result = v.virtual || !lab ? virtualLab({ timeScale: v.timeScale, personalities: v.personalities, seed: v.seed }) : lab;
  if (!v.virtual && lab) {
    const given = [v.timeScale !== undefined && '--time-scale', v.personalities.length > 0 && '--personality', v.seed !== undefined && '--seed'].filter(Boolean);
    if (given.length > 0 && !lab.boards.some((b) => b.kind === 'virtual')) {
      throw new UsageError(`${given.join(', ')} apply to virtual boards only, and this lab has none: drop ${given.length > 1 ? 'them' : 'it'}, or add --virtual`);
    }
    result = {
      ...result,
      boards: result.boards.map((b) =>
        b.kind === 'virtual'
          ? { ...b, timeScale: v.timeScale ?? b.timeScale, personalities: [...b.personalities, ...v.personalities], ...(v.seed !== undefined ? { seed: v.seed } : {}) }
          : b,
      ),
    };
  }
  if (v.boards.length > 0) {
    const unknown = v.boards.filter((n) => !result.boards.some((b) => b.name === n));
    if (unknown.length > 0) {
      const names = result.boards.map((b) => b.name);
      throw new UsageError(`no board named ${unknown.map((n) => `${n}${didYouMean(n, names)}`).join(', ')}; the lab has ${names.join(', ')}`);
    }
    result = { ...result, boards: result.boards.filter((b) => v.boards.includes(b.name)) };
  }
  return result;
}

function positiveInt(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a whole number of at least 1, got "${text}"`);
  return n;
}

/** Two greps as one: a scenario must match both (Playwright takes one --grep). */
function bothGreps(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  return `^(?=.*(?:${a}))(?=.*(?:${b}))`;
}

export const command: Command = {
  name: 'qualify',
  summary: 'run the qualification scenarios on the lab boards (one virtual board without a lab config)',
  usage,
  async run(argv) {
    const cut = argv.indexOf('--');
    const passed = cut < 0 ? [] : argv.slice(cut + 1);
    const { values } = parseArgs({
      args: cut < 0 ? argv : argv.slice(0, cut),
      options,
    });
    let shard: Shard | undefined;
    try {
      shard = values.shard === undefined ? undefined : parseShard(values.shard);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const timeScale = values['time-scale'] === undefined ? undefined : Number(values['time-scale']);
    if (timeScale !== undefined && !(timeScale > 0)) throw new UsageError(`--time-scale must be a positive number, got "${values['time-scale']}"`);
    const seed = values.seed === undefined ? undefined : Number(values.seed);
    if (seed !== undefined && !Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got "${values.seed}"`);
    const workers = positiveInt('--workers', values.workers);
    const repeatEach = positiveInt('--repeat-each', values['repeat-each']);
    const maxFailures = values.x ? 1 : positiveInt('--max-failures', values['max-failures']);
    if (values.x && values['max-failures'] !== undefined) throw new UsageError('-x is --max-failures 1: give one of them');
    const reportsDir = values['reports-dir'] === undefined ? undefined : path.resolve(values['reports-dir']);

    let grep = values.grep;
    try {
      if (values.check.length > 0) grep = bothGreps(grep, checkGrep(values.check, judgingScenarios(path.join(projectRoot, 'scenarios')), (id) => didYouMean(id, checkIds)));
      if (values['last-failed']) grep = bothGreps(grep, lastFailedGrep(reportsDir ?? defaultReportsDir));
    } catch (err) {
      if (err instanceof SelectionError) throw new UsageError(err.message);
      throw err;
    }

    if (values.port !== undefined && values.config !== undefined) throw new UsageError(`--port ${values.port} qualifies one board without a lab config: drop --port, or --config`);
    const lab = values.virtual || values.port !== undefined ? undefined : await loadLabForCli(values.config);
    // Module paths are taken relative to where the user runs the command; the virtual
    // board runs elsewhere, so hand it absolute paths.
    const personalities = values.personality.map((p) => (isModulePath(p) ? path.resolve(p) : p));
    const choice: LabChoice = { virtual: values.virtual, timeScale, personalities, seed, boards: values.board, ...(values.port !== undefined ? { port: values.port } : {}), ...(values.host !== undefined ? { host: values.host } : {}) };
    const resolved = resolveLab(lab, choice);
    const playwrightArgs = [
      ...(repeatEach !== undefined ? ['--repeat-each', String(repeatEach)] : []),
      ...(maxFailures !== undefined ? ['--max-failures', String(maxFailures)] : []),
      ...passed,
    ];

    if (values.list) {
      const listing = await listScenarios({ lab: resolved, grep, grepInvert: values['grep-invert'], playwrightArgs });
      process.stdout.write(`${listing.text}\n`);
      return listing.exitCode === 0 ? 0 : 2;
    }

    // A run on some boards of the lab is recorded as such (results.json `filter`; status partial at best).
    const allBoards = resolveLab(lab, { ...choice, boards: [] }).boards.map((b) => b.name);
    // A port unusable before the run fails once here, not once per scenario.
    const unusable = preflight(resolved.boards, resolved.boards.some((b) => b.kind === 'physical') ? listPorts() : []);
    if (unusable.length > 0) throw new CannotRunError(new PreflightError(unusable).message);
    // With --json, stdout is the summary alone: everything else goes to stderr.
    const out = values.json ? process.stderr : process.stdout;
    out.write(`hil qualify: ${resolved.boards.map((b) => `${b.name} (${b.kind}${b.kind === 'virtual' ? `, time scale ${b.timeScale}` : ''})`).join(', ')}\n`);
    const outcome = await qualify({
      lab: resolved,
      grep,
      grepInvert: values['grep-invert'],
      ...(workers !== undefined ? { workers } : {}),
      playwrightArgs,
      ...(values.reporter ? { reporter: values.reporter } : {}),
      ...(values.board.length > 0 ? { boards: { ran: resolved.boards.map((b) => b.name), of: allBoards } } : {}),
      ...(shard ? { shard } : {}),
      runId: values['run-id'],
      reportsDir,
      ...(values.json ? { stdout: process.stderr } : {}),
    });
    out.write(`\n${outcome.summary}\nreport: ${outcome.runDir}\n`);
    if (values.json) process.stdout.write(`${JSON.stringify(jsonSummary(outcome), null, 2)}\n`);
    return outcome.exitCode;
  },
};
