/**
 * What the terminal output may use: colour (on a terminal, unless NO_COLOR; FORCE_COLOR
 * decides outright when set, as Node and Playwright read it), and lines cut to a width.
 * Colours come from Node's util.styleText.
 */
import { styleText } from 'node:util';

type Style = Parameters<typeof styleText>[0];

/** Whether output to `stream` gets colour: FORCE_COLOR when set (0/false: no), else not with NO_COLOR, else on a terminal. */
export function colourWanted(stream: { isTTY?: boolean } | undefined, env: Readonly<NodeJS.ProcessEnv> = process.env): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return Boolean(stream?.isTTY) && env.TERM !== 'dumb';
}

export type Paint = (style: Style, text: string) => string;

export function painter(colour: boolean): Paint {
  return colour ? (style, text) => styleText(style, text, { validateStream: false }) : (_style, text) => text;
}

/** `text` cut to `width` characters, the cut marked with an ellipsis. */
export function fit(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}
