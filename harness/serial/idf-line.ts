/** ESP-IDF's log format: `<level> (<time>) <tag>: <message>`, after ANSI colours are stripped. */
import { type IdfLevel, idfLevels } from './serial-line.ts';

const IDF_LINE = /^([EWIDV]) \(([0-9:.]+)\) ([^:]{1,64}): ?(.*)$/;

export interface ParsedIdf {
  level: IdfLevel;
  ms?: number;
  tag: string;
  message: string;
}

export function parseIdfLine(plain: string): ParsedIdf | undefined {
  const m = IDF_LINE.exec(plain);
  if (!m) return undefined;
  const level = idfLevels.find((l) => l === m[1]);
  if (!level) return undefined;
  const parsed: ParsedIdf = { level, tag: m[3]!, message: m[4]! };
  // The time is ms since boot unless IDF is set to print wall time (hh:mm:ss.mmm).
  if (/^\d+$/.test(m[2]!)) parsed.ms = Number(m[2]);
  return parsed;
}
