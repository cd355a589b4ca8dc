/**
 * The virtual board as its own process: opens a pseudo-terminal, prints its path as the
 * first line on stdout, boots, and runs until SIGINT/SIGTERM (or stdin closing when
 * started with --exit-with-stdin, so a parent that dies takes its boards along).
 *
 *   node --import tsx harness/virtual/main.ts [--mac 24:0a:c4:1c:a8:48] [--time-scale 10]
 *     [--seed 42] [--state-dir DIR] [--log-variant master|2.20.0] [--personality NAME|PATH]…
 */
import { parseArgs } from 'node:util';
import { createVirtualBoard } from './create.ts';
import { warmUpCodec } from './mqtt/warm-up.ts';
import { loadPersonality } from './personalities/registry.ts';
import { PtyEndpoint } from './uart/pty.ts';
import { STANDALONE_TIME_SCALE } from '../time/defaults.ts';

export const usage = `usage: hil virtual [--mac MAC] [--time-scale N] [--seed N] [--state-dir DIR]
                   [--log-variant master|2.20.0] [--personality NAME|PATH]... [--no-persist]`;

export async function runVirtualBoard(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      mac: { type: 'string' },
      'time-scale': { type: 'string', default: String(STANDALONE_TIME_SCALE) },
      seed: { type: 'string' },
      'state-dir': { type: 'string' },
      'no-persist': { type: 'boolean', default: false },
      'log-variant': { type: 'string', default: 'master' },
      personality: { type: 'string', multiple: true, default: [] },
      'exit-with-stdin': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const timeScale = Number(values['time-scale']);
  if (!(timeScale > 0)) throw new UsageError(`--time-scale must be a positive number, got "${values['time-scale']}"`);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got "${values.seed}"`);
  const variant = values['log-variant'];
  if (variant !== 'master' && variant !== '2.20.0') throw new UsageError(`--log-variant must be master or 2.20.0, got "${variant}"`);
  const personalities = await Promise.all(values.personality.map((p) => loadPersonality(p)));

  let board: ReturnType<typeof createVirtualBoard> | undefined;
  const pty = new PtyEndpoint((bytes) => board?.receive(bytes));
  const mac = values.mac;
  const stateDir = values['no-persist']
    ? undefined
    : (values['state-dir'] ?? `.hil/virtual/${(mac ?? 'default').replace(/[^0-9A-Za-z]/g, '')}`);
  board = createVirtualBoard({ mac, timeScale, seed, stateDir, logVariant: variant, personalities }, pty);
  process.stdout.write(`${pty.path}\n`);
  process.stderr.write(
    `virtual board ${board.deviceId} on ${pty.path} (time scale ${timeScale}, seed ${board.parts.seed}` +
      `${personalities.length ? `, personalities ${personalities.map((p) => p.name).join(',')}` : ''}); Ctrl-C stops it\n`,
  );
  warmUpCodec();
  board.powerOn();

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    if (values['exit-with-stdin']) {
      process.stdin.on('end', resolve);
      process.stdin.on('error', resolve);
      process.stdin.resume();
    }
  });
  board.powerOff();
  pty.close();
  return 0;
}

export class UsageError extends Error {}

const isEntry = import.meta.url === `file://${process.argv[1]}`;
if (isEntry) {
  runVirtualBoard(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: Error) => {
      process.stderr.write(`hil virtual: ${err.message}\n${err instanceof UsageError ? usage + '\n' : ''}`);
      process.exit(2);
    },
  );
}
