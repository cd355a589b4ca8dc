/**
 * `hil brokers`: the broker pair with its fault gates and the control API, for manual
 * lab work. Prints where everything listens, streams the timeline to a JSONL file (and,
 * unless --quiet, to stdout), runs until SIGINT/SIGTERM, then closes cleanly.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BrokerPair } from '../../brokers/broker-pair.ts';
import { ControlApi } from '../../brokers/control-api.ts';
import { formatEvent } from '../../timeline/format.ts';
import { JsonlSink } from '../../timeline/jsonl-sink.ts';
import { Timeline } from '../../timeline/timeline.ts';
import { CannotRunError, type Command, UsageError } from '../command.ts';

export const usage = `usage: hil brokers [options]

Runs the primary and backup MQTT brokers behind fault gates, and an HTTP/JSON control
API (docs/brokers.md). Stops on Ctrl-C.

  --host ADDR           address the brokers bind (default 0.0.0.0: reachable by boards over Wi-Fi)
  --primary PORT        primary broker port (default 1883; 0 = any free port)
  --backup PORT         backup broker port (default 1884; 0 = any free port)
  --control PORT        control API port (default 8884; 0 = any free port)
  --control-host ADDR   address the control API binds (default 127.0.0.1)
  --timeline FILE       JSONL file the timeline is appended to (default .hil/timeline/brokers-<time>.jsonl)
  --quiet               do not print timeline events
  -h, --help            this text`;

const options = {
  host: { type: 'string', default: '0.0.0.0' },
  primary: { type: 'string', default: '1883' },
  backup: { type: 'string', default: '1884' },
  control: { type: 'string', default: '8884' },
  'control-host': { type: 'string', default: '127.0.0.1' },
  timeline: { type: 'string' },
  quiet: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function port(name: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > 65535) throw new UsageError(`--${name} must be a port number 0–65535, got "${text}"`);
  return value;
}

/** Runs the brokers until SIGINT/SIGTERM. Returns the exit status (0 after a clean stop, 2 if it could not run). */
export async function brokersCommand(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`hil brokers: ${err.message}\n${usage}\n`);
      return 2;
    }
    if (err instanceof CannotRunError) {
      process.stderr.write(`hil brokers: ${err.message}\n`);
      return 2;
    }
    const e = err as Error & { code?: string };
    if (e.code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`hil brokers: ${e.message}\n${usage}\n`);
      return 2;
    }
    throw err;
  }
}

async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options, allowPositionals: false, strict: true });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const primaryPort = port('primary', values.primary);
  const backupPort = port('backup', values.backup);
  const controlPort = port('control', values.control);
  const timelinePath = values.timeline ?? join('.hil', 'timeline', `brokers-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`);

  let sink: JsonlSink;
  try {
    sink = new JsonlSink(timelinePath);
  } catch (err) {
    throw new CannotRunError(`cannot open the timeline file ${timelinePath}: ${(err as Error).message}`);
  }
  const timeline = new Timeline({ sink });
  const unsubscribe = values.quiet ? () => {} : timeline.subscribe((e) => process.stdout.write(`${formatEvent(e)}\n`));

  let pair: BrokerPair;
  try {
    pair = await BrokerPair.start({ host: values.host, primaryPort, backupPort, timeline });
  } catch (err) {
    unsubscribe();
    timeline.close();
    throw new CannotRunError(`${(err as Error).message} (is another broker running? choose other ports with --primary/--backup)`);
  }
  let api: ControlApi;
  try {
    api = await ControlApi.start({ pair, host: values['control-host'], port: controlPort });
  } catch (err) {
    await pair.close();
    unsubscribe();
    timeline.close();
    throw new CannotRunError(`${(err as Error).message} (choose another port with --control)`);
  }

  process.stdout.write(
    [
      `primary  mqtt://${values.host}:${pair.primary.port}`,
      `backup   mqtt://${values.host}:${pair.backup.port}`,
      `control  ${api.url}`,
      `timeline ${timelinePath}`,
      'ready (Ctrl-C to stop)',
      '',
    ].join('\n'),
  );

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const stop = (sig: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(sig);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  process.stdout.write(`${signal}: stopping\n`);
  await api.close();
  await pair.close();
  unsubscribe();
  timeline.close();
  process.stdout.write('stopped\n');
  return 0;
}

export const command: Command = {
  name: 'brokers',
  summary: 'run the primary and backup brokers with fault gates and a control API, until Ctrl-C',
  usage,
  run: brokersCommand,
};
