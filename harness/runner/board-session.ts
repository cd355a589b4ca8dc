/**
 * One scenario's hold on a board: the serial link (every line into the timeline and the
 * board's log file), the RPC client, typed HIL.* calls, and the moves that bring a board
 * to a known state (config written and saved, reboot, boot seen). The same code drives a
 * physical board on /dev/ttyUSB0 and a virtual board on its pseudo-terminal.
 *
 * A board that stops answering (an RPC call or the handshake times out, or no boot line
 * comes within its deadline) gets the board's reset driver once; the step it was doing is
 * then tried once more if doing it twice is harmless (handshake, info, config write, boot
 * wait). If the board still does not come back the step fails with BoardHungError.
 */
import * as z from 'zod';
import {
  BoardHungError,
  createResetDriver,
  type ResetDriver,
  type ResetDriverFactory,
  type ResetMethod,
} from '../boards/reset/index.ts';
import { type HilMethod, type HilParams, type HilResult, hilMethods } from '../contract/hil.ts';
import { wifiIpAcquired } from '../contract/wifi-log.ts';
import { redactText } from '../secrets.ts';
import { SerialTimeoutError } from '../serial/errors.ts';
import { RpcHandshakeError, RpcTimeoutError } from '../serial/rpc-errors.ts';
import { RpcClient } from '../serial/rpc-client.ts';
import type { SerialLine } from '../serial/serial-line.ts';
import { SerialLink } from '../serial/serial-link.ts';
import type { DeviceTime } from '../time/device-time.ts';
import type { Timeline } from '../timeline/timeline.ts';
import type { MqttSection } from '../contract/mqtt-config.ts';

export class BoardProtocolError extends Error {}

export interface SessionOptions {
  name: string;
  path: string;
  timeline: Timeline;
  logPath: string;
  /** 16-byte chunks 5 ms apart, for real boards at 115200 without flow control. */
  chunking: boolean;
  /** The port is a UART: stamp each line of a read at its own end (SerialLink `wireTime`). */
  wireTime?: boolean;
  /** The board's time (scale, slack): deadlines given in device time go through it. */
  time: DeviceTime;
  /**
   * How this board is reset: a method name (the driver is bound to this session's link and
   * RPC client; take it from the lab config with `resetMethodFor(spec)`), or a factory
   * given those bindings. Default 'rpc' (Sys.Reboot), which cannot recover a hung board.
   */
  reset?: ResetMethod | ResetDriverFactory;
  /** Wall-clock deadlines; defaults in DEFAULT_SESSION_TIMEOUTS. */
  timeouts?: Partial<SessionTimeouts>;
}

export interface SessionTimeouts {
  /** Each RPC call, wall ms. */
  rpcMs: number;
  /** The RPC handshake when the session opens, wall ms. */
  handshakeMs: number;
  /** The boot line after a reboot or reset, wall ms. Default: 2 s of device time plus 25 s (see bootWaitMs). */
  bootMs?: number;
}

export const DEFAULT_SESSION_TIMEOUTS: SessionTimeouts = { rpcMs: 10_000, handshakeMs: 10_000 };

/** How many serial lines a BoardHungError shows. */
const HUNG_TAIL_LINES = 8;

export interface MqttPair {
  mqtt: MqttSection;
  mqtt1: MqttSection;
}


/** The errors that mean the board is not answering (rather than answering wrongly or being gone). */
function isHang(err: unknown): err is RpcTimeoutError | RpcHandshakeError | SerialTimeoutError {
  return err instanceof RpcTimeoutError || err instanceof RpcHandshakeError || err instanceof SerialTimeoutError;
}

function waitedFor(err: RpcTimeoutError | RpcHandshakeError | SerialTimeoutError): string {
  if (err instanceof RpcTimeoutError) return `the reply to ${err.method} within ${err.timeoutMs} ms`;
  if (err instanceof RpcHandshakeError) return `an answer to the RPC handshake within ${err.timeoutMs} ms (${err.attempts} attempts)`;
  return `${err.pattern} within ${err.timeoutMs} ms`;
}

function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0]!;
}

export class BoardSession {
  #detach: () => void;
  readonly #timeouts: SessionTimeouts;
  /** The board's reset driver, bound to this session's link and RPC client. */
  readonly resetDriver: ResetDriver;

  private constructor(
    readonly options: SessionOptions,
    readonly link: SerialLink,
    readonly rpc: RpcClient,
    timeouts: SessionTimeouts,
  ) {
    this.#timeouts = timeouts;
    const reset = options.reset ?? 'rpc';
    this.resetDriver = typeof reset === 'function' ? reset({ link, rpc }) : createResetDriver(reset, { link, rpc });
    const onLine = (line: SerialLine) => {
      // The timeline is streamed into reports: secret fields in RPC replies are masked there.
      const recorded = line.type === 'rpc' ? { type: line.type, t: line.t, text: redactText(line.text) } : line;
      options.timeline.record({ kind: 'serial', t: line.t, board: options.name, line: recorded as unknown as { type: string; text: string } });
    };
    link.on('line', onLine);
    this.#detach = () => link.off('line', onLine);
  }

  static async open(options: SessionOptions): Promise<BoardSession> {
    const timeouts = { ...DEFAULT_SESSION_TIMEOUTS, ...options.timeouts };
    // A physical board's port is a UART (each line stamped at its own end); a virtual board's a pty.
    const link = await SerialLink.open({ path: options.path, logPath: options.logPath, chunking: options.chunking, wireTime: options.wireTime });
    const rpc = new RpcClient(link, { timeoutMs: timeouts.rpcMs });
    let session: BoardSession;
    try {
      session = new BoardSession(options, link, rpc, timeouts);
    } catch (err) {
      rpc.close();
      await link.close();
      throw err;
    }
    try {
      await session.#recovering('opening the session (RPC handshake)', () => rpc.handshake({ timeoutMs: timeouts.handshakeMs }));
    } catch (err) {
      await session.close();
      throw err;
    }
    return session;
  }

  get resetMethod(): ResetMethod {
    return this.resetDriver.method;
  }

  /** Wall-clock ms for a span of device ms, plus the wait slack. */
  deadline(deviceMs: number): number {
    return this.options.time.deadlineWallMs(deviceMs);
  }

  async hil<M extends HilMethod>(method: M, params: HilParams<M>): Promise<HilResult<M>> {
    const raw = await this.rpc.call(method, params);
    const parsed = hilMethods[method].result.safeParse(raw);
    if (!parsed.success) {
      throw new BoardProtocolError(`${method} on ${this.options.name} answered ${JSON.stringify(raw)}, which breaks the HIL contract:\n${z.prettifyError(parsed.error)}`);
    }
    return parsed.data as HilResult<M>;
  }

  async info(): Promise<Record<string, unknown>> {
    return this.#recovering('reading the board info (Sys.GetInfo)', async () => (await this.rpc.call('Sys.GetInfo', {})) as Record<string, unknown>);
  }

  /**
   * Writes the whole mqtt/mqtt1 sections (and Wi-Fi when given), saves, reboots, and
   * waits until the test firmware says it booted; resolves with the stamp of that line.
   * Every key is written so nothing of a previous scenario leaks into the next. A board
   * that does not answer, or does not come back from that reboot, is reset and the whole
   * write is done once more (writing the same config twice is harmless).
   */
  async prepare(config: MqttPair & { wifi?: { ssid: string; pass: string } }): Promise<number> {
    const patch: Record<string, unknown> = { mqtt: config.mqtt, mqtt1: config.mqtt1 };
    if (config.wifi) patch.wifi = { sta: { enable: true, ssid: config.wifi.ssid, pass: config.wifi.pass } };
    return this.#recovering('writing the config (Config.Set with save and reboot)', async () => {
      const since = this.link.now();
      await this.rpc.call('Config.Set', { config: patch, save: true, reboot: true });
      return this.#bootLine(since);
    });
  }

  /**
   * After a prepare: waits for the station to get its IP, then reads the config back and
   * compares it with what was written. Names the keys that differ (never their secret values).
   */
  async confirm(config: MqttPair & { wifi?: { ssid: string; pass: string } }, since: number): Promise<void> {
    await this.link.expect(wifiIpAcquired, {
      timeoutMs: this.deadline(30_000),
      since,
      description: 'the Wi-Fi station getting an IP after the reboot',
    });
    const differences: string[] = [];
    for (const section of ['mqtt', 'mqtt1'] as const) {
      const actual = (await this.rpc.call('Config.Get', { key: section })) as Record<string, unknown>;
      for (const [key, want] of Object.entries(config[section])) {
        if (JSON.stringify(actual[key]) !== JSON.stringify(want)) {
          differences.push(/pass|key/.test(key) ? `${section}.${key} (secret: differs)` : `${section}.${key}: wrote ${JSON.stringify(want)}, reads ${JSON.stringify(actual[key])}`);
        }
      }
    }
    if (config.wifi) {
      const ssid = await this.rpc.call('Config.Get', { key: 'wifi.sta.ssid' });
      if (ssid !== config.wifi.ssid) differences.push(`wifi.sta.ssid: wrote ${JSON.stringify(config.wifi.ssid)}, reads ${JSON.stringify(ssid)}`);
    }
    if (differences.length > 0) {
      throw new BoardProtocolError(`${this.options.name} did not keep the config written to it:\n  ${differences.join('\n  ')}`);
    }
  }

  /**
   * Sys.Reboot: the board restarts without a DISCONNECT, as a reset does. Resolves with the
   * stamp of the boot line; a board that does not come back is recovered with its driver.
   */
  async reboot(delayMs = 100): Promise<number> {
    return this.#recovering(
      'rebooting the board (Sys.Reboot)',
      async () => {
        const since = this.link.now();
        await this.rpc.call('Sys.Reboot', { delay_ms: delayMs });
        return this.#bootLine(since);
      },
      { retry: false },
    );
  }

  /**
   * Resets the board with its driver (the lab's `reset` method) and waits for the boot
   * line; resolves with its stamp. A driver that cannot reset (`none`, DTR/RTS on a pty)
   * rejects with its ResetError; a board that does not boot after it is reset once more,
   * then BoardHungError.
   */
  async reset(): Promise<number> {
    return this.#recovering(
      `resetting the board (${this.resetDriver.description})`,
      async () => {
        const since = this.link.now();
        await this.resetDriver.reset();
        return this.#bootLine(since);
      },
      { retry: false },
    );
  }

  /**
   * Waits for the firmware's boot line after `since`; resolves with its stamp. If none
   * comes within the deadline the board is reset once and its boot line is the answer.
   */
  async waitForBoot(since: number): Promise<number> {
    return this.#recovering('waiting for the board to boot', () => this.#bootLine(since), { retry: false });
  }

  /** The wall-clock deadline of a boot wait: the firmware's boot takes ~2 s of device time, the ROM and serial add the rest. */
  get bootWaitMs(): number {
    return this.#timeouts.bootMs ?? this.deadline(2_000) + 20_000;
  }

  async #bootLine(since: number): Promise<number> {
    const line = await this.link.expect((l) => l.type === 'event' && l.event.ev === 'boot', {
      timeoutMs: this.bootWaitMs,
      since,
      description: 'the firmware\'s HIL {"ev":"boot"} line',
    });
    return line.t;
  }

  /**
   * Runs `step`. If the board does not answer, resets it once with its driver and waits
   * for it to boot; then runs `step` once more (`retry`, for steps that are harmless to
   * repeat) or takes that boot as the step's outcome (steps that are a reboot or a boot
   * wait). Anything that is not a hang is thrown as it is.
   */
  async #recovering<T>(doing: string, step: () => Promise<T>, { retry = true }: { retry?: boolean } = {}): Promise<T> {
    let hang: RpcTimeoutError | RpcHandshakeError | SerialTimeoutError;
    try {
      return await step();
    } catch (err) {
      if (!isHang(err)) throw err;
      hang = err;
    }
    const booted = await this.#recover(doing, hang);
    if (!retry) return booted as T;
    try {
      return await step();
    } catch (err) {
      if (!isHang(err)) throw err;
      throw this.#hung(doing, waitedFor(err), `${this.resetDriver.description}; the board booted again at +${booted.toFixed(1)}, then did not answer the retry`, err);
    }
  }

  /** The one reset of a recovery, and the boot that must follow it; resolves with the boot line's stamp. */
  async #recover(doing: string, hang: RpcTimeoutError | RpcHandshakeError | SerialTimeoutError): Promise<number> {
    const driver = this.resetDriver;
    const since = this.link.now();
    this.#note(`${this.options.name} did not answer while ${doing} (waited for ${waitedFor(hang)}): resetting it by ${driver.method}`);
    try {
      await driver.reset();
    } catch (err) {
      throw this.#hung(doing, waitedFor(hang), `${driver.description}, which failed: ${firstLine(err)}`, err as Error);
    }
    try {
      const booted = await this.#bootLine(since);
      this.#note(`${this.options.name} booted again after the ${driver.method} reset`);
      return booted;
    } catch (err) {
      if (!isHang(err)) throw err;
      throw this.#hung(doing, `${waitedFor(hang)}, then after the reset for ${waitedFor(err)}`, `${driver.description}; no boot line followed it`, err);
    }
  }

  #hung(doing: string, waited: string, resetTried: string, cause: Error): BoardHungError {
    const error = new BoardHungError({
      board: this.options.name,
      path: this.link.path,
      doing,
      waitedFor: waited,
      resetTried,
      tail: this.link.tail(HUNG_TAIL_LINES),
      logPath: this.link.logPath,
      cause,
    });
    this.#note(error.message.split('\n')[0]!);
    return error;
  }

  #note(text: string): void {
    this.options.timeline.record({ kind: 'note', t: this.link.now(), text, data: { board: this.options.name } });
  }

  async close(): Promise<void> {
    this.#detach();
    this.rpc.close();
    await this.link.close();
  }
}
