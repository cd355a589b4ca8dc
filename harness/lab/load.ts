/**
 * Finds and validates the lab config. No `hil.config.ts` → one virtual board, so a fresh
 * clone runs a qualification with nothing to set up.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as z from 'zod';
import { type LabConfig, labConfig } from './schema.ts';

export const DEFAULT_CONFIG_FILE = 'hil.config.ts';

export class LabConfigError extends Error {}

export function virtualLab(overrides: { timeScale?: number; personalities?: string[]; seed?: number } = {}): LabConfig {
  return labConfig.parse({
    boards: [
      {
        name: 'virtual',
        kind: 'virtual',
        timeScale: overrides.timeScale,
        personalities: overrides.personalities ?? [],
        seed: overrides.seed,
      },
    ],
  });
}

export function parseLab(raw: unknown, where: string): LabConfig {
  const result = labConfig.safeParse(raw);
  if (!result.success) {
    throw new LabConfigError(`${where} is not a valid lab config:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}

/** Loads `file` (or hil.config.ts in `cwd`); undefined when there is none and none was asked for. */
export async function loadLab(file: string | undefined, cwd = process.cwd()): Promise<LabConfig | undefined> {
  const target = path.resolve(cwd, file ?? DEFAULT_CONFIG_FILE);
  if (!fs.existsSync(target)) {
    if (file) throw new LabConfigError(`lab config ${target} does not exist`);
    return undefined;
  }
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(target).href)) as { default?: unknown };
  } catch (err) {
    throw new LabConfigError(`cannot load lab config ${target}: ${(err as Error).message}`);
  }
  if (mod.default === undefined) throw new LabConfigError(`${target} must \`export default defineLab({...})\``);
  const lab = parseLab(mod.default, target);
  // Personality module paths in the config are relative to the config file.
  for (const board of lab.boards) {
    if (board.kind === 'virtual') {
      board.personalities = board.personalities.map((p) => (p.startsWith('.') ? path.resolve(path.dirname(target), p) : p));
    }
  }
  return lab;
}
