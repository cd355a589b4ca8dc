import type { BoardSpec } from './schema.ts';

/** A virtual board given no time scale runs in real time, as a physical board always does. */
export const DEFAULT_BOARD_TIME_SCALE = 1;

/** Device seconds per wall second for a board of the lab. */
export function timeScaleOf(board: BoardSpec): number {
  return board.kind === 'virtual' ? (board.timeScale ?? DEFAULT_BOARD_TIME_SCALE) : 1;
}
