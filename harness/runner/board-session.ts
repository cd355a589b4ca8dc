/**
 * One scenario's hold on a board: the serial link (every line into the timeline and the
 * board's log file), the RPC client, typed HIL.* calls, and the moves that bring a board
 * to a known state (config written and saved, reboot, boot seen). The same code drives a
 * physical board on /dev/ttyUSB0 and a virtual board on its pseudo-terminal.
 */
import * as z from 'zod';
import { type HilMethod, type HilParams, type HilResult, hilMethods } from '../contract/hil.ts';
import { redactText } from '../secrets.ts';
import { RpcClient } from '../serial/rpc-client.ts';
import type { SerialLine } from '../serial/serial-line.ts';
import { SerialLink } from '../serial/serial-link.ts';
import type { Timeline } from '../timeline/timeline.ts';
import type { MqttSection } from '../virtual/config/schema.ts';

export class BoardProtocolError extends Error {}

export interface SessionOptions {
  name: string;
  path: string;
  timeline: Timeline;
  logPath: string;
  /** 16-byte chunks 5 ms apart, for real boards at 115200 without flow control. */
  chunking: boolean;
  /** Device seconds per wall second: deadlines given in device time are divided by it. */
  timeScale: number;
}

export interface MqttPair {
  mqtt: MqttSection;
  mqtt1: MqttSection;
}

/** Wall-clock slack added to every device-time deadline (serial latency, process scheduling). */
const SLACK_MS = 5_000;

export class BoardSession {
  #detach: () => void;

  private constructor(
    readonly options: SessionOptions,
    readonly link: SerialLink,
    readonly rpc: RpcClient,
  ) {
    const onLine = (line: SerialLine) => {
      // The timeline is streamed into reports: secret fields in RPC replies are masked there.
      const recorded = line.type === 'rpc' ? { type: line.type, t: line.t, text: redactText(line.text) } : line;
      options.timeline.record({ kind: 'serial', t: line.t, board: options.name, line: recorded as unknown as { type: string; text: string } });
    };
    link.on('line', onLine);
    this.#detach = () => link.off('line', onLine);
  }

  static async open(options: SessionOptions): Promise<BoardSession> {
    const link = await SerialLink.open({ path: options.path, logPath: options.logPath, chunking: options.chunking });
    const rpc = new RpcClient(link, { timeoutMs: 10_000 });
    const session = new BoardSession(options, link, rpc);
    try {
      await rpc.handshake({ timeoutMs: 10_000 });
    } catch (err) {
      await session.close();
      throw err;
    }
    return session;
  }

  /** Wall-clock ms for a span of device ms, plus slack. */
  deadline(deviceMs: number): number {
    return deviceMs / this.options.timeScale + SLACK_MS;
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
    return (await this.rpc.call('Sys.GetInfo', {})) as Record<string, unknown>;
  }

  /**
   * Writes the whole mqtt/mqtt1 sections (and Wi-Fi when given), saves, reboots, and
   * waits until the test firmware says it booted; resolves with the stamp of that line.
   * Every key is written so nothing of a previous scenario leaks into the next.
   */
  async prepare(config: MqttPair & { wifi?: { ssid: string; pass: string } }): Promise<number> {
    const since = this.link.now();
    const patch: Record<string, unknown> = { mqtt: config.mqtt, mqtt1: config.mqtt1 };
    if (config.wifi) patch.wifi = { sta: { enable: true, ssid: config.wifi.ssid, pass: config.wifi.pass } };
    await this.rpc.call('Config.Set', { config: patch, save: true, reboot: true });
    return this.waitForBoot(since);
  }

  /**
   * After a prepare: waits for the station to get its IP, then reads the config back and
   * compares it with what was written. Names the keys that differ (never their secret values).
   */
  async confirm(config: MqttPair & { wifi?: { ssid: string; pass: string } }, since: number): Promise<void> {
    await this.link.expect(/WiFi STA: (ready, IP|got ip)|IP acquired/i, {
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

  /** Sys.Reboot: the board restarts without a DISCONNECT, as a reset does. */
  async reboot(delayMs = 100): Promise<void> {
    const since = this.link.now();
    await this.rpc.call('Sys.Reboot', { delay_ms: delayMs });
    await this.waitForBoot(since);
  }

  /** Waits for the firmware's boot line after `since`; resolves with its stamp. */
  async waitForBoot(since: number): Promise<number> {
    const line = await this.link.expect((l) => l.type === 'event' && (l as { event: { ev: string } }).event.ev === 'boot', {
      timeoutMs: this.deadline(2_000) + 20_000,
      since,
      description: 'the firmware\'s HIL {"ev":"boot"} line after a reboot',
    });
    return line.t;
  }

  async close(): Promise<void> {
    this.#detach();
    this.rpc.close();
    await this.link.close();
  }
}
