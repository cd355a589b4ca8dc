/**
 * How a virtual board process is told to run a mutant: the environment it is started with.
 * `__STRYKER_ACTIVE_MUTANT__` is read by the code the Stryker instrumenter writes (its
 * `stryNS_*` header); the other two are read by bin/hil.js and register-loader.ts.
 */
export const MUTATION_ENV = {
  instrumentedDir: 'HIL_MUTATION_DIR',
  activeMutant: '__STRYKER_ACTIVE_MUTANT__',
  coverageFile: 'HIL_MUTATION_COVERAGE_FILE',
} as const;

export interface MutantSwitch {
  /** The instrumented copy of harness/virtual/mqtt/ (instrument.ts). */
  instrumentedDir: string;
  /** The mutant switched on; none: the instrumented code behaves as the original. */
  id?: string;
  /** Where the process writes the ids of the mutants its code reached, when it exits. */
  coverageFile?: string;
}

export function mutationEnv(m: MutantSwitch): Record<string, string> {
  return {
    [MUTATION_ENV.instrumentedDir]: m.instrumentedDir,
    ...(m.id !== undefined ? { [MUTATION_ENV.activeMutant]: m.id } : {}),
    ...(m.coverageFile !== undefined ? { [MUTATION_ENV.coverageFile]: m.coverageFile } : {}),
  };
}
