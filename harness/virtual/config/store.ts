/**
 * The virtual board's configuration, as Mongoose OS keeps it: defaults, overlaid by what
 * was saved to flash (a per-board JSON file that survives reboots and restarts), overlaid
 * by what was set since boot without saving. `Config.Set` changes the running config at
 * once; `save` writes it; a reboot drops unsaved changes.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { type DeviceConfig, deviceConfig } from './schema.ts';

type Tree = Record<string, unknown>;

export class ConfigError extends Error {}

function isTree(v: unknown): v is Tree {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Merges `patch` into `base`, refusing keys the schema does not know. */
function merge(base: Tree, patch: Tree, where: string): Tree {
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const at = where ? `${where}.${key}` : key;
    if (!(key in base)) throw new ConfigError(`invalid config key ${at}`);
    const current = base[key];
    if (isTree(current)) {
      if (!isTree(value)) throw new ConfigError(`${at} is a section; give an object`);
      out[key] = merge(current, value, at);
    } else {
      out[key] = value;
    }
  }
  return out;
}

function validate(tree: Tree): DeviceConfig {
  const result = deviceConfig.safeParse(tree);
  if (!result.success) throw new ConfigError(z.prettifyError(result.error).replace(/\n/g, '; '));
  return result.data;
}

/** The saved part: only keys that differ from the defaults, like Mongoose's conf9.json. */
function diff(defaults: Tree, current: Tree): Tree {
  const out: Tree = {};
  for (const [key, value] of Object.entries(current)) {
    const d = defaults[key];
    if (isTree(value) && isTree(d)) {
      const sub = diff(d, value);
      if (Object.keys(sub).length > 0) out[key] = sub;
    } else if (JSON.stringify(value) !== JSON.stringify(d)) {
      out[key] = value;
    }
  }
  return out;
}

export class ConfigStore {
  /** What is in flash: survives reboots; also in `file` (if any) so it survives restarts. */
  #saved: DeviceConfig;
  #running: DeviceConfig;

  constructor(
    private readonly defaults: DeviceConfig,
    private readonly file: string | undefined,
  ) {
    this.#saved = this.#loadSaved();
    this.#running = structuredClone(this.#saved);
  }

  get running(): DeviceConfig {
    return this.#running;
  }

  /** A subtree by dotted key (`mqtt.server`), or the whole config. */
  get(key?: string): unknown {
    if (!key) return this.#running;
    let node: unknown = this.#running;
    for (const part of key.split('.')) {
      if (!isTree(node) || !(part in node)) throw new ConfigError(`invalid config key ${key}`);
      node = node[part];
    }
    return node;
  }

  set(patch: unknown): void {
    if (!isTree(patch)) throw new ConfigError('config must be an object');
    this.#running = validate(merge(this.#running as Tree, patch, ''));
  }

  save(): void {
    this.#saved = structuredClone(this.#running);
    if (!this.file) return;
    const saved = diff(this.defaults as Tree, this.#running as Tree);
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, `${JSON.stringify(saved, null, 2)}\n`);
    fs.renameSync(tmp, this.file);
  }

  /** At boot: defaults + what was saved; unsaved changes are gone. */
  reloadAtBoot(): void {
    this.#running = structuredClone(this.#saved);
  }

  #loadSaved(): DeviceConfig {
    if (!this.file || !fs.existsSync(this.file)) return structuredClone(this.defaults);
    let saved: unknown;
    try {
      saved = JSON.parse(fs.readFileSync(this.file, 'utf8'));
    } catch (err) {
      throw new ConfigError(`saved config ${this.file} is not valid JSON (${(err as Error).message}); delete it to start from defaults`);
    }
    if (!isTree(saved)) throw new ConfigError(`saved config ${this.file} must hold a JSON object`);
    return validate(merge(this.defaults as Tree, saved, ''));
  }
}
