/**
 * `hil qualify`: the main job. With no lab config (hil.config.ts), one virtual board.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { listPorts } from '../../boards/list-ports.ts';
import { PreflightError, preflight } from '../../boards/preflight.ts';
import { virtualLab } from '../../lab/load.ts';
import { loadLabForCli } from '../load-lab.ts';
import type { LabConfig } from '../../lab/schema.ts';
import { qualify } from '../../runner/qualify.ts';
import { parseShard, type Shard } from '../../runner/shard.ts';
import { CannotRunError, type Command, UsageError } from '../command.ts';
import { QUALIFY_TIME_SCALE } from '../../time/defaults.ts';

const usage = `usage: hil qualify [--config FILE] [--virtual] [--time-scale N] [--personality NAME|PATH]...
                   [--board NAME]... [--grep REGEX] [--grep-invert REGEX] [--seed N]
  --virtual        ignore the lab config: one virtual board
  --time-scale N   device seconds per wall second for virtual boards (default ${QUALIFY_TIME_SCALE})
  --personality P  a misbehaviour of the virtual board (built-in name or module path)
  --board NAME     only these boards of the lab config
  --grep REGEX     only scenarios whose title matches (e.g. @realtime, backoff)
                   (--grep, --grep-invert, --board: the run is recorded as PARTIAL, never passed)
  --shard i/n      only shard i of n of the scenarios (one per lab host or process); a shard is
                   PARTIAL alone: merge all n with hil report --merge DIR... --out DIR
  --reports-dir D  where run folders go (default reports/); D/latest points at the newest
Exit status: 0 every check passed, 1 a check failed, 2 broken or could not run,
130 interrupted (Ctrl-C, SIGTERM: the finished scenarios are reported; a second Ctrl-C quits at once)`;

/** A personality given as a module path rather than a built-in name. */
export function isModulePath(ref: string): boolean {
  return ref.includes('/') || /\.(m?[jt]s)$/.test(ref);
}

export function resolveLab(lab: LabConfig | undefined, v: { virtual: boolean; timeScale?: number; personalities: string[]; seed?: number; boards: string[] }): LabConfig {
  let result = v.virtual || !lab ? virtualLab({ timeScale: v.timeScale, personalities: v.personalities, seed: v.seed }) : lab;
  if (!v.virtual && lab) {
    result = {
      ...result,
      boards: result.boards.map((b) =>
        b.kind === 'virtual'
          ? { ...b, timeScale: v.timeScale ?? b.timeScale, personalities: [...b.personalities, ...v.personalities] }
          : b,
      ),
    };
  }
  if (v.boards.length > 0) {
    const unknown = v.boards.filter((n) => !result.boards.some((b) => b.name === n));
    if (unknown.length > 0) {
      throw new UsageError(`no board named ${unknown.join(', ')}; the lab has ${result.boards.map((b) => b.name).join(', ')}`);
    }
    result = { ...result, boards: result.boards.filter((b) => v.boards.includes(b.name)) };
  }
  return result;
}

export const command: Command = {
  name: 'qualify',
  summary: 'run the qualification scenarios on the lab boards (one virtual board without a lab config)',
  usage,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        config: { type: 'string' },
        virtual: { type: 'boolean', default: false },
        'time-scale': { type: 'string' },
        personality: { type: 'string', multiple: true, default: [] },
        board: { type: 'string', multiple: true, default: [] },
        grep: { type: 'string' },
        'grep-invert': { type: 'string' },
        seed: { type: 'string' },
        'run-id': { type: 'string' },
        'reports-dir': { type: 'string' },
        shard: { type: 'string' },
      },
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
    const lab = values.virtual ? undefined : await loadLabForCli(values.config);
    // Module paths are taken relative to where the user runs the command; the virtual
    // board runs elsewhere, so hand it absolute paths.
    const personalities = values.personality.map((p) => (isModulePath(p) ? path.resolve(p) : p));
    const resolved = resolveLab(lab, { virtual: values.virtual, timeScale, personalities, seed, boards: values.board });
    // A run on some boards of the lab is recorded as such (results.json `filter`; status partial at best).
    const allBoards = resolveLab(lab, { virtual: values.virtual, timeScale, personalities, seed, boards: [] }).boards.map((b) => b.name);
    // A port unusable before the run fails once here, not once per scenario.
    const unusable = preflight(resolved.boards, resolved.boards.some((b) => b.kind === 'physical') ? listPorts() : []);
    if (unusable.length > 0) throw new CannotRunError(new PreflightError(unusable).message);
    process.stdout.write(
      `hil qualify: ${resolved.boards.map((b) => `${b.name} (${b.kind}${b.kind === 'virtual' ? `, time scale ${b.timeScale}` : ''})`).join(', ')}\n`,
    );
    const outcome = await qualify({
      lab: resolved,
      grep: values.grep,
      grepInvert: values['grep-invert'],
      ...(values.board.length > 0 ? { boards: { ran: resolved.boards.map((b) => b.name), of: allBoards } } : {}),
      ...(shard ? { shard } : {}),
      runId: values['run-id'],
      reportsDir: values['reports-dir'] === undefined ? undefined : path.resolve(values['reports-dir']),
    });
    process.stdout.write(`\n${outcome.summary}\nreport: ${outcome.runDir}\n`);
    return outcome.exitCode;
  },
};
