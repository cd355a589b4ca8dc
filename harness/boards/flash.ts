/**
 * Flashing a physical board with `mos flash --port <port> <fw.zip>`, through execa.
 * Progress (mos prints it on stderr) is streamed as it comes; every way this can go wrong
 * becomes a FlashError that says what to do: no mos, a busy port, mos's own error, a
 * timeout, a missing firmware file.
 */
import fs from 'node:fs';
import { execa } from 'execa';
import { holdersOf } from './list-ports.ts';

export const MOS_INSTALL_HINT =
  'install the Mongoose OS tool `mos` (https://mongoose-os.com/docs/mongoose-os/quickstart/setup.md: on Debian/Ubuntu ' +
  '`sudo add-apt-repository ppa:mongoose-os/mos && sudo apt install mos`, or download the binary), put it on PATH, ' +
  'or set `mos: "/path/to/mos"` in hil.config.ts';

export class FlashError extends Error {
  constructor(
    message: string,
    readonly tail: string[] = [],
  ) {
    super(tail.length ? `${message}\n  last lines from mos:\n${tail.map((l) => `    ${l}`).join('\n')}` : message);
  }
}

export interface FlashOptions {
  mos: string;
  port: string;
  firmware: string;
  timeoutMs?: number;
  onProgress?: (line: string) => void;
  /** Who holds the port open (default: /proc); injectable for tests. */
  holders?: (port: string) => number[];
}

export async function flash(options: FlashOptions): Promise<{ lines: string[]; ms: number }> {
  if (!fs.existsSync(options.firmware)) {
    throw new FlashError(`firmware ${options.firmware} does not exist: build it with \`mos build --platform esp32\` in firmware/ (see firmware/README.md) or pass --firmware`);
  }
  const holders = (options.holders ?? holdersOf)(options.port);
  if (holders.length > 0) {
    throw new FlashError(`port ${options.port} is busy: held open by process ${holders.join(', ')}; close it (a \`mos console\` or \`hil console\`?) and try again`);
  }
  const started = Date.now();
  const lines: string[] = [];
  const timeoutMs = options.timeoutMs ?? 300_000;
  const child = execa(options.mos, ['flash', '--port', options.port, options.firmware], {
    reject: false,
    all: true,
    buffer: false,
    stdin: 'ignore',
    // Its own process group, so a timeout stops mos and anything it started (whose open
    // pipes would otherwise keep this call waiting).
    detached: true,
    cleanup: true,
  });
  let timedOut = false;
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup('SIGTERM');
    setTimeout(() => killGroup('SIGKILL'), 2000).unref();
  }, timeoutMs);
  child.all?.setEncoding('utf8');
  let partial = '';
  child.all?.on('data', (chunk: string) => {
    const parts = (partial + chunk).split(/\r?\n|\r/);
    partial = parts.pop() ?? '';
    for (const line of parts.filter((l) => l.trim() !== '')) {
      lines.push(line);
      if (lines.length > 200) lines.shift();
      options.onProgress?.(line);
    }
  });
  const result = await child;
  clearTimeout(timer);
  if (partial.trim()) lines.push(partial);
  const tail = lines.slice(-8);
  const err = result as typeof result & { code?: string };
  if (err.code === 'ENOENT' || (result.failed && /ENOENT/.test(String(result.message)) && result.exitCode === undefined)) {
    throw new FlashError(`cannot run \`${options.mos}\`: not found. To flash boards, ${MOS_INSTALL_HINT}`);
  }
  if (timedOut) {
    throw new FlashError(`mos flash did not finish within ${Math.round(timeoutMs / 1000)} s on ${options.port}: is the board in the bootloader, the cable good? (raise --timeout for slow links)`, tail);
  }
  if (result.exitCode !== 0) {
    const mosError = [...lines].reverse().find((l) => /^Error:/.test(l.trim()));
    const busy = /busy|resource temporarily unavailable|cannot lock|permission denied/i.test(lines.join('\n'));
    const hint = busy ? ' The port looks busy or not accessible: close other programs using it, and check you are in the `dialout` group.' : '';
    throw new FlashError(`mos flash failed on ${options.port} (exit ${result.exitCode})${mosError ? `: ${mosError.trim()}` : ''}.${hint}`, tail);
  }
  return { lines, ms: Date.now() - started };
}
