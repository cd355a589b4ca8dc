/**
 * The analyses people wrote of surviving mutants, kept here so that regenerating the
 * report (`npm run mutation -- --write`) does not lose them. Keyed by file, mutator and
 * the edit itself (not by id or line, which move whenever the file changes).
 *
 *   'harness/virtual/mqtt/client.ts|ConditionalExpression|rt > 0 → true': { equivalent: true, analysis: 'rt is never ≤ 0 here: …' },
 */
import type { MutantInfo } from './instrument.ts';

export interface Analysis {
  equivalent: boolean;
  analysis: string;
}

export const analyses: Record<string, Analysis> = {};

export function analysisKey(m: Pick<MutantInfo, 'file' | 'mutator' | 'original' | 'replacement'>): string {
  return `${m.file}|${m.mutator}|${m.original.replace(/\s+/g, ' ')} → ${m.replacement.replace(/\s+/g, ' ')}`;
}
