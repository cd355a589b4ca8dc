/**
 * The virtual board's file system: flat file names, as on a Mongoose OS SPIFFS/LittleFS
 * root (`ca.pem`, `client.key`). Kept in the board's state folder next to its saved
 * config, so files survive reboots and restarts like flash; in memory without a folder.
 * It holds what a lab puts on a board (certificates, keys), so it never lives under the
 * reports folder (the fixtures give boards a temporary state folder).
 */
import fs from 'node:fs';
import path from 'node:path';

export class FileStoreError extends Error {}

const NAME = /^[A-Za-z0-9_.+-]{1,64}$/;

export class FileStore {
  readonly #dir: string | undefined;
  readonly #memory = new Map<string, Buffer>();

  constructor(dir?: string) {
    this.#dir = dir;
    if (dir) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  /** Writes (or appends to) a file. */
  put(name: string, data: Buffer, append = false): void {
    const file = this.#checked(name);
    if (!this.#dir) {
      const before = append ? (this.#memory.get(name) ?? Buffer.alloc(0)) : Buffer.alloc(0);
      this.#memory.set(name, Buffer.concat([before, data]));
      return;
    }
    if (append) fs.appendFileSync(file, data, { mode: 0o600 });
    else fs.writeFileSync(file, data, { mode: 0o600 });
  }

  /** The file's bytes, or undefined when there is none. */
  read(name: string): Buffer | undefined {
    if (!NAME.test(name)) return undefined;
    if (!this.#dir) return this.#memory.get(name);
    try {
      return fs.readFileSync(path.join(this.#dir, name));
    } catch {
      return undefined;
    }
  }

  list(): string[] {
    if (!this.#dir) return [...this.#memory.keys()].sort();
    return fs.readdirSync(this.#dir).filter((n) => NAME.test(n)).sort();
  }

  remove(name: string): boolean {
    const file = this.#checked(name);
    if (!this.#dir) return this.#memory.delete(name);
    if (!fs.existsSync(file)) return false;
    fs.rmSync(file);
    return true;
  }

  #checked(name: string): string {
    if (!NAME.test(name)) throw new FileStoreError(`bad file name ${JSON.stringify(name)}: letters, digits and _ . + -, at most 64`);
    return this.#dir ? path.join(this.#dir, name) : name;
  }
}
