/**
 * The library's keep-alive, driven by what the device sends: once `intervalMs` passes
 * since the last packet it sent, it sends PINGREQ; if another interval passes with that
 * ping unanswered, the connection times out. Received packets other than PINGRESP do
 * not count.
 */
import type { DeviceClock, DeviceTimer } from '../device-clock.ts';

export enum PingState {
  Idle = 'idle',
  AwaitingPingresp = 'awaiting-pingresp',
}

export interface KeepAliveActions {
  sendPing(): void;
  timedOut(): void;
}

export class KeepAlive {
  #timer: DeviceTimer | null = null;
  #state = PingState.Idle;

  constructor(
    private readonly clock: DeviceClock,
    private readonly intervalMs: number,
    private readonly actions: KeepAliveActions,
  ) {}

  get state(): PingState {
    return this.#state;
  }

  /** The device sent a packet: the interval starts again from now. */
  noteSent(): void {
    this.#timer?.cancel();
    this.#timer = this.clock.after(this.intervalMs, () => this.#expired());
  }

  notePingresp(): void {
    this.#state = PingState.Idle;
  }

  stop(): void {
    this.#timer?.cancel();
    this.#timer = null;
  }

  #expired(): void {
    this.#timer = null;
    if (this.#state === PingState.AwaitingPingresp) {
      this.actions.timedOut();
      return;
    }
    this.#state = PingState.AwaitingPingresp;
    this.actions.sendPing();
  }
}
