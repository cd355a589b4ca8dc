/** Opens a serial port with `serialport`, turning its open failures into errors that say what to do. */
import fs from 'node:fs';
import { SerialPort } from 'serialport';
import { PortBusyError, PortMissingError, PortNotSerialError, PortOpenError, PortPermissionError, type SerialError } from './errors.ts';

export const DEFAULT_BAUD_RATE = 115200;

/** Which typed error an open failure is, from the OS message serialport passes on. */
const openFailures: readonly { pattern: RegExp; make: (path: string, cause: Error) => SerialError }[] = [
  { pattern: /No such file or directory|ENOENT|cannot find the file/i, make: (p, c) => new PortMissingError(p, c) },
  { pattern: /Cannot lock port|Resource temporarily unavailable|EBUSY|Device or resource busy|Access denied/i, make: (p, c) => new PortBusyError(p, c) },
  { pattern: /Permission denied|EACCES/i, make: (p, c) => new PortPermissionError(p, c) },
  // The termios calls serialport makes fail this way on anything that is not a tty (/dev/null, a file).
  { pattern: /Inappropriate ioctl|ENOTTY|Not a typewriter|EISDIR|Is a directory/i, make: (p, c) => new PortNotSerialError(p, `serialport: ${c.message}`, c) },
];

export function openFailure(path: string, cause: Error): SerialError {
  const known = openFailures.find((f) => f.pattern.test(cause.message));
  return known ? known.make(path, cause) : new PortOpenError(path, cause);
}

/**
 * Whether `path` (after symlinks: socat's links point into /dev/pts) is a pseudo-terminal,
 * which has no wire: its bytes arrive as the far end writes them, at no baud rate.
 */
export function isPseudoTerminal(path: string): boolean {
  let real = path;
  try {
    real = fs.realpathSync(path);
  } catch {
    // Not there (yet): the open says so; judge the name as given.
  }
  return /^\/dev\/pts\/\d+$/.test(real) || /^\/dev\/ttys\d+$/.test(real);
}

/** A byte's time on the wire of `path` at `baudRate`, 8N1 (10 bits); 0 when not asked for or on a pty. */
export function wireMsPerByte(path: string, baudRate: number, wireTime: boolean | undefined): number {
  return wireTime && !isPseudoTerminal(path) ? 10_000 / baudRate : 0;
}

/**
 * How long an open waits out a lock that is being let go: the harness's own previous
 * session of the same board closes its port and the next scenario opens it a few ms later,
 * and on a busy host the lock has been seen to outlive the close by ~15 ms (a soak beside
 * stress-ng, load 4.3: "Cannot lock port" 12 ms after the close). Another program that
 * really holds the port still gets PortBusyError, a second later.
 */
export const BUSY_RETRY = { attempts: 11, everyMs: 100 } as const;

/** openPort, again while the port is busy, at most `BUSY_RETRY.attempts` times in all. */
export async function openPortWaitingOutLock(path: string, baudRate = DEFAULT_BAUD_RATE, retry: { attempts: number; everyMs: number } = BUSY_RETRY): Promise<SerialPort> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await openPort(path, baudRate);
    } catch (err) {
      if (!(err instanceof PortBusyError) || attempt >= retry.attempts) throw err;
      await new Promise((resolve) => setTimeout(resolve, retry.everyMs));
    }
  }
}

/** 8N1, no hardware flow control (the device does XON/XOFF in band, handled by the link). */
export function openPort(path: string, baudRate = DEFAULT_BAUD_RATE): Promise<SerialPort> {
  const port = new SerialPort({ path, baudRate, dataBits: 8, parity: 'none', stopBits: 1, rtscts: false, autoOpen: false });
  return new Promise<SerialPort>((resolve, reject) => {
    port.open((err) => (err ? reject(openFailure(path, err)) : resolve(port)));
  });
}
