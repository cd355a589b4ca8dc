/**
 * Builds a virtual board from plain options: identity from the MAC, the firmware's
 * default config (the test firmware's harness-friendly defaults over the library's),
 * the saved config file, the seeded jitter source and the personalities.
 */
import path from 'node:path';
import { VirtualBoard } from './board.ts';
import { ConfigStore } from './config/store.ts';
import { FileStore } from './fs/file-store.ts';
import { firmwareDefaults } from './config/firmware-defaults.ts';
import { DEFAULT_MAC, identityFor, type LogVariant } from './identity.ts';
import { registerConfigMethods } from './methods/config.ts';
import { registerFsMethods } from './methods/fs.ts';
import { registerHilMethods } from './methods/hil.ts';
import { registerHilJsMethods } from './methods/hil-js.ts';
import { registerSysMethods } from './methods/sys.ts';
import type { Personality } from './personalities/personality.ts';
import { mulberry32 } from './random.ts';
import { STANDALONE_TIME_SCALE } from '../time/defaults.ts';

export interface VirtualBoardOptions {
  mac?: string;
  /** Device seconds per wall second (default 1). */
  timeScale?: number;
  /** Seed of the reconnect fuzz (default: from the clock, reported by Sys.GetInfo). */
  seed?: number;
  /** Folder for the saved config and the file system; undefined keeps them in memory only. */
  stateDir?: string;
  logVariant?: LogVariant;
  personalities?: Personality[];
}

export function createVirtualBoard(options: VirtualBoardOptions, wire: { write(bytes: Buffer): void }): VirtualBoard {
  const logVariant = options.logVariant ?? 'master';
  const identity = identityFor(options.mac ?? DEFAULT_MAC, logVariant);
  const seed = options.seed ?? (Date.now() % 2 ** 31);
  const file = options.stateDir ? path.join(options.stateDir, 'conf9.json') : undefined;
  return new VirtualBoard(
    {
      identity,
      config: new ConfigStore(firmwareDefaults(), file),
      files: new FileStore(options.stateDir ? path.join(options.stateDir, 'fs') : undefined),
      timeScale: options.timeScale ?? STANDALONE_TIME_SCALE,
      seed,
      random: mulberry32(seed),
      logVariant,
      personalities: options.personalities ?? [],
      registerMethods: (rpc, board) => {
        registerSysMethods(rpc, board);
        registerConfigMethods(rpc, board);
        registerHilMethods(rpc, board);
        registerHilJsMethods(rpc, board);
        registerFsMethods(rpc, board);
      },
    },
    wire,
  );
}
