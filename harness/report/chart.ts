/**
 * The data behind one scenario's timeline chart, in device milliseconds since the
 * scenario's start (its boot line): the observed attempts (gate and serial views merged,
 * as the checks see them), the windows the model expects each attempt in, fault periods
 * per broker, and the CONNACK / SUBSCRIBE / PUBLISH packets. Pure: input in, data out.
 */
import type { CheckInput } from '../checks/input.ts';
import type { ObservedAttempt } from '../checks/observe/attempts.ts';
import { observe } from '../checks/observe/observation.ts';
import type { ConfigName } from '../model/schedule.ts';
import { redact } from '../secrets.ts';

export type ChartRow = 'primary' | 'backup' | 'serial';
export const chartRows: readonly ChartRow[] = ['primary', 'backup', 'serial'];

export interface ChartAttempt {
  row: ChartRow;
  /** 1-based run of the scenario (a reset, reboot or HIL.Connect starts a new one) and attempt in it: the numbers the checks' reasons use. */
  run: number;
  n: number;
  /** How the timing judgement (the one the schedule checks share) found the delay before this attempt; absent: not judged (a run's first attempt, or no model). */
  timing?: 'ok' | 'problem';
  problems?: string[];
  server: ConfigName | 'unknown';
  startMs: number;
  endMs?: number;
  outcome: ObservedAttempt['outcome'];
  connackCode?: number;
  loggedDelayMs?: number;
  /** What the attempt was, for a tooltip. */
  label: string;
}

export interface ChartWindow {
  row: ChartRow;
  server: ConfigName;
  /** Index of the expected attempt in its run (1 = the first delayed attempt). */
  index: number;
  nominalMs: number;
  fromMs: number;
  toMs: number;
  /** The attempt the model expected next but that was not observed before the run ended. */
  next: boolean;
}

export interface ChartFault {
  row: ChartRow;
  fault: string;
  fromMs: number;
  toMs: number;
  label: string;
}

export interface ChartMark {
  row: ChartRow;
  atMs: number;
  type: 'connack' | 'subscribe' | 'publish';
  dir: 'in' | 'out';
  label: string;
}

export interface ChartAction {
  atMs: number;
  kind: string;
  label: string;
}

export interface ChartData {
  /** Harness ms of the chart's zero. */
  originT: number;
  timeScale: number;
  /** Device ms covered by the chart. */
  endMs: number;
  attempts: ChartAttempt[];
  windows: ChartWindow[];
  faults: ChartFault[];
  marks: ChartMark[];
  actions: ChartAction[];
  /** Set when the expected windows could not be computed (no config, or the model threw). */
  windowsNote?: string;
}

const rowOfBroker = (broker: 'primary' | 'backup'): ChartRow => broker;
const rowOfServer = (server: ConfigName): ChartRow => (server === 'mqtt' ? 'primary' : 'backup');

/** The scenario's start: the first event of the slice that is not a fault carried in from setup. */
export function sliceOrigin(input: CheckInput): number {
  let origin = Number.POSITIVE_INFINITY;
  for (const e of input.events) if (e.kind !== 'fault') origin = Math.min(origin, e.t);
  for (const a of input.actions) origin = Math.min(origin, a.t);
  if (Number.isFinite(origin)) return origin;
  return input.events[0]?.t ?? 0;
}

function sliceEndT(input: CheckInput): number {
  let end = 0;
  for (const e of input.events) end = Math.max(end, e.t);
  for (const a of input.actions) end = Math.max(end, a.t);
  return end;
}

export interface ChartOptions {
  /** Compute the model's windows (needs the config the scenario really set). */
  windows?: boolean;
}

export function chartData(input: CheckInput, options: ChartOptions = {}): ChartData {
  const originT = sliceOrigin(input);
  const scale = input.board.timeScale;
  const dev = (t: number) => (t - originT) * scale;
  const endMs = Math.max(0, dev(sliceEndT(input)));
  // The chart draws what the checks saw: the same observation of the same input.
  const obs = observe(input);
  const observed = obs.attempts;
  const place = new Map<ObservedAttempt, { run: number; n: number }>();
  obs.runs.forEach((r, ri) => {
    r.attempts.forEach((a, ai) => {
      place.set(a, { run: ri + 1, n: ai + 1 });
    });
  });
  const multiRun = obs.runs.length > 1;
  const attempts: ChartAttempt[] = observed.map((a, i) => {
    const at = place.get(a) ?? { run: 1, n: i + 1 };
    const row: ChartRow = a.connection ? rowOfBroker(a.connection.broker) : 'serial';
    const how = a.connackCode !== undefined ? `CONNACK ${a.connackCode}` : a.outcome === 'open' ? 'still open' : 'no CONNACK';
    const c: ChartAttempt = {
      row,
      run: at.run,
      n: at.n,
      server: a.server,
      startMs: dev(a.start),
      outcome: a.outcome,
      label: `${multiRun ? `run ${at.run}, ` : ''}attempt ${at.n} to ${a.server}${a.connection ? '' : ' (serial log only)'}: ${how}`,
    };
    if (a.end !== undefined) c.endMs = dev(a.end);
    if (a.connackCode !== undefined) c.connackCode = a.connackCode;
    if (a.loggedDelay) c.loggedDelayMs = a.loggedDelay.ms;
    return c;
  });

  const windows: ChartWindow[] = [];
  let windowsNote: string | undefined;
  if (options.windows === false) {
    windowsNote = 'expected windows not shown: the checks never judged this scenario (no checks input)';
  } else {
    try {
      const byAttempt = new Map(observed.map((a, i) => [a, attempts[i]!]));
      for (const judged of obs.judgedRuns) {
        for (const g of judged.gaps) {
          const c = byAttempt.get(g.attempt);
          if (!c) continue;
          c.timing = g.problems.length === 0 ? 'ok' : 'problem';
          if (g.problems.length > 0) c.problems = [...g.problems];
        }
        const runAttempts = judged.run.attempts;
        for (let i = 1; i <= runAttempts.length; i++) {
          const expected = judged.schedule.attempts[i];
          const prev = runAttempts[i - 1]!;
          if (!expected?.windowMs || expected.nominalMs === null || prev.end === undefined) continue;
          const next = i === runAttempts.length;
          // The expected-but-unseen attempt only matters while the run was still observed.
          if (next && (judged.run.endedBy?.kind === 'disconnect' || prev.end >= judged.run.endT)) continue;
          const fromMs = dev(prev.end) + expected.windowMs[0];
          if (next && fromMs > dev(judged.run.endT)) continue;
          const w: ChartWindow = {
            row: rowOfServer(expected.server),
            server: expected.server,
            index: i,
            nominalMs: expected.nominalMs,
            fromMs,
            toMs: dev(prev.end) + expected.windowMs[1],
            next,
          };
          windows.push(w);
          // A serial-only attempt sits in the serial row: shade its window there too.
          const seen = runAttempts[i];
          if (seen && !seen.connection) windows.push({ ...w, row: 'serial' });
        }
      }
    } catch (err) {
      windowsNote = `expected windows not shown: ${(err as Error).message}`;
    }
  }

  const faults: ChartFault[] = [];
  const open = new Map<'primary' | 'backup', { fault: string; fromMs: number; label: string }>();
  const closeFault = (broker: 'primary' | 'backup', toMs: number) => {
    const f = open.get(broker);
    if (f && f.fault !== 'accept') faults.push({ row: rowOfBroker(broker), fault: f.fault, fromMs: f.fromMs, toMs: Math.max(f.fromMs, toMs), label: f.label });
    open.delete(broker);
  };
  const marks: ChartMark[] = [];
  for (const e of input.events) {
    if (e.kind === 'fault') {
      closeFault(e.broker, dev(e.t));
      const params = Object.keys(e.params).length > 0 ? ` ${JSON.stringify(redact(e.params))}` : '';
      open.set(e.broker, { fault: e.fault, fromMs: Math.max(0, dev(e.t)), label: `${e.broker}: ${e.fault}${params}` });
    } else if (e.kind === 'mqtt.packet') {
      const type = e.type === 'connack' ? 'connack' : e.type === 'subscribe' ? 'subscribe' : e.type === 'publish' ? 'publish' : undefined;
      if (!type) continue;
      const detail =
        type === 'connack'
          ? `CONNACK ${e.returnCode ?? '?'}`
          : type === 'subscribe'
            ? `SUBSCRIBE ${(e.subscriptions ?? []).map((s) => `${s.topic} q${s.qos}`).join(', ')}`
            : `PUBLISH ${e.topic ?? ''} q${e.qos ?? 0}${e.dup ? ' dup' : ''}`;
      marks.push({ row: rowOfBroker(e.broker), atMs: dev(e.t), type, dir: e.dir, label: `${e.broker}#${e.conn} ${e.dir === 'in' ? 'device→broker' : 'broker→device'} ${detail}` });
    }
  }
  for (const broker of [...open.keys()]) closeFault(broker, endMs);

  const actions: ChartAction[] = input.actions
    .filter((a) => a.kind === 'reset' || a.kind === 'connect' || a.kind === 'disconnect' || a.kind === 'config' || a.kind === 'set-max-qos')
    .map((a) => ({ atMs: dev(a.t), kind: a.kind, label: actionLabel(a) }));

  const data: ChartData = { originT, timeScale: scale, endMs, attempts, windows, faults, marks, actions };
  if (windowsNote) data.windowsNote = windowsNote;
  return data;
}

function actionLabel(a: CheckInput['actions'][number]): string {
  switch (a.kind) {
    case 'config':
      return `Config.Set ${JSON.stringify(redact({ ...(a.mqtt ? { mqtt: a.mqtt } : {}), ...(a.mqtt1 ? { mqtt1: a.mqtt1 } : {}) }))}`;
    case 'set-max-qos':
      return `HIL.SetMaxQoS ${a.qos}`;
    case 'reset':
      return `reset${a.how ? ` (${a.how})` : ''}`;
    default:
      return `HIL.${a.kind === 'connect' ? 'Connect' : 'Disconnect'}`;
  }
}
