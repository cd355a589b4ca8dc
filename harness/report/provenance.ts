/**
 * Where a run came from, for the report's provenance block: the harness's version and
 * git commit (and whether its tree had uncommitted changes), the last commit that touched
 * scenarios/, the lab host and Node. Recorded in results.json when the run begins. A copy
 * of the harness without git (or outside a repository) records the version only.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execaSync } from 'execa';

export interface Provenance {
  harnessVersion: string;
  /** HEAD of the harness's repository. */
  harnessCommit?: string;
  /** Tracked files differed from harnessCommit when the run began. */
  harnessDirty?: boolean;
  /** The last commit that changed scenarios/. */
  scenariosCommit?: string;
  host: string;
  node: string;
}

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function git(args: string[], cwd: string): string | undefined {
  try {
    const r = execaSync('git', args, { cwd, timeout: 5000, reject: false, stdin: 'ignore' });
    return r.exitCode === 0 ? String(r.stdout).trim() : undefined;
  } catch {
    return undefined;
  }
}

/** HEAD of the harness's repository; undefined outside a git checkout (or without git). */
export function gitHead(root = projectRoot): string | undefined {
  return git(['rev-parse', 'HEAD'], root) || undefined;
}

export function collectProvenance(harnessVersion: string, root = projectRoot): Provenance {
  const p: Provenance = { harnessVersion, host: os.hostname(), node: process.version };
  const commit = gitHead(root);
  if (!commit) return p;
  p.harnessCommit = commit;
  const status = git(['status', '--porcelain', '--untracked-files=no'], root);
  if (status !== undefined) p.harnessDirty = status.length > 0;
  const scenarios = git(['log', '-1', '--format=%H', '--', 'scenarios'], root);
  if (scenarios) p.scenariosCommit = scenarios;
  return p;
}
