/**
 * Finds and validates the lab config. No `hil.config.ts` → one virtual board, so a fresh
 * clone runs a qualification with nothing to set up.
 *
 * The config may live anywhere and be named .ts, .mts, .cts, .js or .mjs. It is loaded
 * with tsx's `tsImport`, not a bare `import()`: outside a `"type": "module"` package a .ts
 * or .js file is CommonJS to Node, and importing it through the ESM hooks alone failed
 * with "Cannot require() ES Module … in a cycle". tsImport compiles such a file to
 * CommonJS, whose `export default` then arrives one level down (unwrapped here).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
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

/** The module's default export; a file tsx compiled to CommonJS has it as `module.exports.default`. */
function defaultExport(mod: { default?: unknown }): unknown {
  const d = mod.default as { __esModule?: boolean; default?: unknown } | undefined;
  return d !== null && typeof d === 'object' && d.__esModule === true && 'default' in d ? d.default : d;
}

/** Loads `file` (or hil.config.ts in `cwd`); undefined when there is none and none was asked for. */
export async function loadLab(file: string | undefined, cwd = process.cwd()): Promise<LabConfig | undefined> {
  const target = path.resolve(cwd, file ?? DEFAULT_CONFIG_FILE);
  if (!fs.existsSync(target)) {
    if (file) throw new LabConfigError(`lab config ${target} does not exist`);
    return undefined;
  }
  let value: unknown;
  try {
    value = defaultExport((await tsImport(pathToFileURL(target).href, import.meta.url)) as { default?: unknown });
  } catch (err) {
    throw new LabConfigError(
      `cannot load lab config ${target}: ${(err as Error).message.split('\n')[0]}. ` +
        'A lab config is a module with `export default { boards: [...] }`, named .ts, .mts, .js or .mjs (a .cjs uses `module.exports = {...}`); ' +
        'if this one is, rename it to .mts, which loads as an ES module wherever it lives.',
      { cause: err },
    );
  }
  if (value === undefined) throw new LabConfigError(`${target} must \`export default defineLab({...})\``);
  const lab = parseLab(value, target);
  // Personality module paths in the config are relative to the config file.
  for (const board of lab.boards) {
    if (board.kind === 'virtual') {
      board.personalities = board.personalities.map((p) => (p.startsWith('.') ? path.resolve(path.dirname(target), p) : p));
    }
  }
  return lab;
}
