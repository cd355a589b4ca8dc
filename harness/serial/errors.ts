/**
 * Errors of the serial link. Each says what happened on which port and what to do, and
 * carries the evidence (the port path, the last lines seen, the log file).
 */
import type { MonoMs } from '../clock.ts';
import type { SerialLine } from './serial-line.ts';

export class SerialError extends Error {
  override name = 'SerialError';
  constructor(
    message: string,
    readonly path: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export class PortMissingError extends SerialError {
  override name = 'PortMissingError';
  constructor(path: string, cause: Error) {
    super(
      `Serial port ${path} does not exist (${cause.message}). ` +
        'List the ports this host sees with `npx hil boards`, then check the cable and the port path in the lab config.',
      path,
      { cause },
    );
  }
}

export class PortBusyError extends SerialError {
  override name = 'PortBusyError';
  constructor(path: string, cause: Error) {
    super(
      `Serial port ${path} is held by another program (${cause.message}). ` +
        'Close whatever has it open (a `mos console`, screen, minicom, another hil run) and try again.',
      path,
      { cause },
    );
  }
}

export class PortPermissionError extends SerialError {
  override name = 'PortPermissionError';
  constructor(path: string, cause: Error) {
    super(
      `No permission to open serial port ${path} (${cause.message}). ` +
        'Add your user to the group that owns it (usually `dialout`: sudo usermod -aG dialout $USER, then log in again).',
      path,
      { cause },
    );
  }
}

/** The path exists but is no serial port: `/dev/null`, a regular file, a directory (serialport: "Inappropriate ioctl"). */
export class PortNotSerialError extends SerialError {
  override name = 'PortNotSerialError';
  constructor(path: string, what: string, cause?: Error) {
    super(
      `${path} is not a serial port (${what}). ` +
        'Give the board\'s serial device, e.g. /dev/ttyUSB0 or /dev/ttyACM0; `npx hil boards` lists the ports this host has.',
      path,
      cause ? { cause } : undefined,
    );
  }
}

export class PortOpenError extends SerialError {
  override name = 'PortOpenError';
  constructor(path: string, cause: Error) {
    super(`Could not open serial port ${path}: ${cause.message}`, path, { cause });
  }
}

/**
 * The reason of the noise line a SerialLink gives when its port vanishes, so that whoever
 * records its lines (the timeline) holds the cause, not only the log file.
 */
export const PORT_VANISHED_REASON = 'port vanished';

/** The port went away (USB unplugged, peer closed) or was closed while something waited on it. */
export class PortClosedError extends SerialError {
  override name = 'PortClosedError';
  constructor(
    path: string,
    /** True when the port vanished rather than being closed by `close()`. */
    readonly disconnected: boolean,
    what: string,
    options?: ErrorOptions,
  ) {
    super(
      disconnected
        ? `Serial port ${path} vanished while ${what} (USB cable pulled, the adapter re-enumerated on reset, or a virtual board's process ended). Check the board and reopen the link.`
        : `Serial port ${path} was closed while ${what}.`,
      path,
      options,
    );
  }
}

/** A write would have sent bytes >= 0x80, which make a Mongoose OS board drop its receive buffer. */
export class NonAsciiWriteError extends SerialError {
  override name = 'NonAsciiWriteError';
  constructor(path: string, offset: number, byte: number) {
    super(
      `Refusing to write byte 0x${byte.toString(16)} at offset ${offset} to ${path}: a Mongoose OS board discards its receive buffer on bytes >= 0x80. ` +
        'Escape non-ASCII text (JSON: \\uXXXX).',
      path,
    );
  }
}

/** How recent lines are shown in errors: `+<mono ms> <text>`. */
export function formatTail(lines: readonly SerialLine[]): string[] {
  return lines.map((l) => `+${l.t.toFixed(1)} [${l.type}] ${l.text}`);
}

export interface SerialTimeoutDetails {
  path: string;
  pattern: string;
  timeoutMs: number;
  since: MonoMs;
  tail: readonly SerialLine[];
  logPath: string | undefined;
}

export class SerialTimeoutError extends SerialError {
  override name = 'SerialTimeoutError';
  readonly pattern: string;
  readonly timeoutMs: number;
  readonly since: MonoMs;
  /** The last lines read before giving up, oldest first. */
  readonly tail: string[];
  readonly logPath: string | undefined;

  constructor(details: SerialTimeoutDetails) {
    const tail = formatTail(details.tail);
    super(
      // The first line is whole on its own: reasons quote only it.
      `No line matching ${details.pattern} on ${details.path} within ${details.timeoutMs} ms` +
        (tail.length ? `.\nLast ${tail.length} lines:\n  ${tail.join('\n  ')}\n` : '; no lines have been read from the port yet (is the board powered, at this baud rate?).\n') +
        (details.logPath ? `Full log: ${details.logPath}` : 'No log file was configured (set logPath to keep one).'),
      details.path,
    );
    this.pattern = details.pattern;
    this.timeoutMs = details.timeoutMs;
    this.since = details.since;
    this.tail = tail;
    this.logPath = details.logPath;
  }
}
