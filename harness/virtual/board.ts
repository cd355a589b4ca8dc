/**
 * The virtual ESP32: the test firmware and the Mongoose OS MQTT library, reached through
 * its UART. Lifecycle is an explicit state machine:
 *
 *   off ──powerOn──► booting ──init done──► running ──reboot──► rebooting ──► booting …
 *
 * A reboot keeps only what a board keeps: the saved config (flash) and the wall clock
 * (the ESP32's RTC survives a software reset; see wall-clock.ts). Uptime, the MQTT
 * connection, subscriptions, the queue and unsaved config are gone; the TCP socket is
 * dropped without DISCONNECT, as when a board resets.
 */
import { formatHilEvent, type HilEvent } from '../contract/hil.ts';
import { initDoneLine, mongooseBanner, type ResetReason, romAndBootloaderLines } from './banner.ts';
import type { ConfigStore } from './config/store.ts';
import type { DeviceConfig } from './config/schema.ts';
import type { FileStore } from './fs/file-store.ts';
import { type DeviceClock, type DeviceTimer, ScaledClock } from './device-clock.ts';
import type { Identity, LogVariant } from './identity.ts';
import { LL_NONE } from '../contract/debug-log.ts';
import { MqttClient } from './mqtt/client.ts';
import { ConsoleTopics } from './mqtt/console-topics.ts';
import { loopbackOnlyConnect, loopbackOnlyTls } from './net.ts';
import type { Personality } from './personalities/personality.ts';
import { Dispatcher } from './rpc/dispatcher.ts';
import { FrameReader, type RawFrame } from './rpc/frame-reader.ts';
import { formatLogLine } from './uart/console-format.ts';
import { DeviceUart } from './uart/device-uart.ts';
import { WallClock } from './wall-clock.ts';
import { WifiStation } from './wifi.ts';

export type BoardState = 'off' | 'booting' | 'running' | 'rebooting';

export interface BoardParts {
  identity: Identity;
  config: ConfigStore;
  /** The file system (flash): certificates and keys the MQTT library reads by name. */
  files: FileStore;
  timeScale: number;
  seed: number;
  random: () => number;
  logVariant: LogVariant;
  personalities: Personality[];
  /** Registers the RPC methods of the firmware on a dispatcher (see methods/). */
  registerMethods: (dispatcher: Dispatcher, board: VirtualBoard) => void;
}

/** Device ms between the last line of the banner and "Init done". */
const INIT_MS = 180;
/** The window before a reboot in which RPC calls are answered 418. */
const SHUTDOWN_WINDOW_MS = 100;

export class VirtualBoard {
  #state: BoardState = 'off';
  #clock: ScaledClock;
  /** mg_time(): made once per board, so it survives reboots as the RTC does. */
  readonly #wall: WallClock;
  #mqtt: MqttClient | undefined;
  /** The library's console topics (debug.stdout_topic / debug.stderr_topic), made with the client at each boot. */
  #console: ConsoleTopics | undefined;
  #wifi: WifiStation | undefined;
  #rebootAt: number | undefined;
  #rebootTimer: DeviceTimer | undefined;
  readonly #uart: DeviceUart;
  readonly #frames: FrameReader;
  readonly #rpc: Dispatcher;

  constructor(
    readonly parts: BoardParts,
    wire: { write(bytes: Buffer): void },
  ) {
    this.#clock = new ScaledClock(parts.timeScale);
    this.#wall = new WallClock(parts.timeScale);
    // rpc-common logs each request it hands to a handler: one `… via UART UART0` line per call.
    this.#rpc = new Dispatcher(
      () => this.deviceId,
      (file, line, message) => this.log(file, line, message),
    );
    this.#rpc.shuttingDownAt = () => {
      if (this.#rebootAt === undefined) return undefined;
      const remaining = this.#rebootAt - this.#clock.now();
      return remaining <= SHUTDOWN_WINDOW_MS ? remaining : undefined;
    };
    this.#frames = new FrameReader(
      () => this.config.rpc.max_frame_size,
      (frame) => void this.#onFrame(frame),
    );
    this.#uart = new DeviceUart(wire, (bytes) => this.#frames.push(bytes));
    parts.registerMethods(this.#rpc, this);
  }

  get state(): BoardState {
    return this.#state;
  }

  get clock(): DeviceClock {
    return this.#clock;
  }

  /** The wall clock mg_time() reads (HIL.SetTime sets it). */
  get wallClock(): WallClock {
    return this.#wall;
  }

  get config(): DeviceConfig {
    return this.parts.config.running;
  }

  get deviceId(): string {
    return this.config.device.id || this.parts.identity.deviceId;
  }

  get mqtt(): MqttClient {
    if (!this.#mqtt) throw new Error(`the MQTT library is not running (board state: ${this.#state})`);
    return this.#mqtt;
  }

  get wifi(): WifiStation | undefined {
    return this.#wifi;
  }

  rpcMethods(): string[] {
    return this.#rpc.methods();
  }

  /** Bytes from the host, as the UART receives them. */
  receive(bytes: Buffer): void {
    if (this.#state === 'off') return;
    this.#uart.receive(bytes);
  }

  /**
   * A LOG line (cs_log writes to stderr) at cs_log_level `level` (LL_INFO unless given).
   * Made while the console topics handle a write, it is dropped whole, UART included, as
   * the core's recursion guard does.
   */
  log(file: string, line: number, message: string, level = 2): void {
    if (this.#console?.writing) return;
    const text = formatLogLine(file, line, message);
    this.#uart.printLine(text);
    this.#console?.write('stderr', `${text}\n`, level);
  }

  print(text: string): void {
    this.#uart.printLine(text);
  }

  /** The firmware's `HIL {json}` line: a printf (stdout), outside any LOG call. */
  event(e: HilEvent): void {
    if (this.#console?.writing) return;
    const text = formatHilEvent(e);
    this.#uart.printLine(text);
    this.#console?.write('stdout', `${text}\n`, LL_NONE);
  }

  powerOn(reason: ResetReason = 'POWERON_RESET'): void {
    if (this.#state !== 'off' && this.#state !== 'rebooting') {
      throw new Error(`powerOn: board is ${this.#state}, expected off or rebooting`);
    }
    this.#state = 'booting';
    this.#clock = new ScaledClock(this.parts.timeScale);
    this.parts.config.reloadAtBoot();
    for (const line of romAndBootloaderLines(reason)) this.print(line);
    for (const line of mongooseBanner(this.parts.identity)) this.print(line);
    const clock = this.#clock;
    clock.after(INIT_MS, () => {
      if (this.#clock !== clock) return;
      this.#initDone(reason);
    });
  }

  #initDone(reason: ResetReason): void {
    const mqtt = new MqttClient({
      clock: this.#clock,
      random: this.parts.random,
      config: () => this.config,
      deviceId: this.deviceId,
      connectTcp: loopbackOnlyConnect,
      connectTls: loopbackOnlyTls,
      files: this.parts.files,
      log: (file, line, message, level) => this.log(file, line, message, level),
      event: (e) => this.event(e),
      logVariant: this.parts.logVariant,
      resetReason: reason,
      personality: this.parts.personalities,
      wallTimeSet: () => this.#wall.isSet(),
    });
    this.#mqtt = mqtt;
    this.#console = new ConsoleTopics({
      mqtt,
      config: () => this.config,
      deviceId: () => this.deviceId,
      wallTimeS: () => this.#wall.epochS(),
      logVariant: this.parts.logVariant,
    });
    mqtt.boot();
    this.#wifi = new WifiStation(this.#clock, () => this.config, {
      log: (file, line, message) => this.log(file, line, message),
      onIpAcquired: () => mqtt.onIpAcquired(),
    });
    this.print(initDoneLine());
    this.#state = 'running';
    this.event({ ev: 'boot', t: Math.round(this.#clock.now()), fw_id: this.parts.identity.fwId });
    this.#wifi.start();
  }

  /** Sys.Reboot and Config.Set with save+reboot: restart after `delayMs` device ms. */
  scheduleReboot(delayMs: number): void {
    this.#rebootTimer?.cancel();
    this.#rebootAt = this.#clock.now() + delayMs;
    this.log('mgos_system.c', 54, `Rebooting in ${delayMs} ms`);
    this.#rebootTimer = this.#clock.after(delayMs, () => this.reboot('SW_CPU_RESET'));
  }

  /** Restart now: everything in RAM is lost, the socket is dropped without DISCONNECT. */
  reboot(reason: ResetReason = 'SW_CPU_RESET'): void {
    this.#halt();
    this.#state = 'rebooting';
    this.powerOn(reason);
  }

  #halt(): void {
    this.#mqtt?.destroy();
    this.#mqtt = undefined;
    this.#console = undefined;
    this.#wifi?.stop();
    this.#wifi = undefined;
    this.#rebootTimer = undefined;
    this.#rebootAt = undefined;
    this.#clock.cancelAll();
  }

  powerOff(): void {
    this.#halt();
    this.#uart.close();
    this.#state = 'off';
  }

  async #onFrame(frame: RawFrame): Promise<void> {
    // The RPC channel exists only once the firmware is up: before "Init done" nothing answers.
    if (this.#state !== 'running') return;
    switch (frame.kind) {
      case 'handshake':
        this.#uart.send(Buffer.from('\n"""\x04"""\n', 'latin1'));
        return;
      case 'empty':
        this.#uart.send(Buffer.from('\n', 'latin1'));
        return;
      case 'dropped':
        return;
      case 'json': {
        const reply = await this.#rpc.handle(frame.text);
        if (reply !== undefined) this.#uart.send(this.#frames.encodeReply(reply));
        return;
      }
    }
  }
}
