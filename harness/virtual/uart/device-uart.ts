/**
 * The board's UART0 as the host sees it: console lines and RPC frames share the line.
 * Incoming XON/XOFF from the host pause the board's output (for at most 2 s, as the
 * Mongoose OS UART driver does); every other byte goes to the RPC frame reader.
 */
const XON = 0x11;
const XOFF = 0x13;
const MAX_PAUSE_MS = 2000;

export class DeviceUart {
  #paused: NodeJS.Timeout | undefined;
  #held: Buffer[] = [];

  constructor(
    private readonly wire: { write(bytes: Buffer): void },
    private readonly onRx: (bytes: Buffer) => void,
  ) {}

  /** Bytes arriving from the host. */
  receive(bytes: Buffer): void {
    const kept: number[] = [];
    for (const b of bytes) {
      if (b === XOFF) this.#pause();
      else if (b === XON) this.#resume();
      else kept.push(b);
    }
    if (kept.length > 0) this.onRx(Buffer.from(kept));
  }

  /** A console line (log, banner, event line); `\n` is appended. */
  printLine(text: string): void {
    this.send(Buffer.from(`${text}\n`, 'utf8'));
  }

  send(bytes: Buffer): void {
    if (this.#paused) this.#held.push(bytes);
    else this.wire.write(bytes);
  }

  #pause(): void {
    if (this.#paused) return;
    this.#paused = setTimeout(() => this.#resume(), MAX_PAUSE_MS);
  }

  #resume(): void {
    if (!this.#paused) return;
    clearTimeout(this.#paused);
    this.#paused = undefined;
    const held = this.#held;
    this.#held = [];
    for (const b of held) this.wire.write(b);
  }

  close(): void {
    clearTimeout(this.#paused);
    this.#paused = undefined;
    this.#held = [];
  }
}
