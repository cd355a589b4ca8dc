/** A process that dies of an uncaught exception keeps the events it recorded in that very turn. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { readJsonl } from '../../harness/timeline/jsonl-sink.ts';

test('events recorded just before a crash are in the JSONL file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hil-sink-crash-'));
  try {
    const file = path.join(dir, 't.jsonl');
    const sink = pathToImport('harness/timeline/jsonl-sink.ts');
    const script = `import { JsonlSink } from ${JSON.stringify(sink)};
const s = new JsonlSink(${JSON.stringify(file)});
for (let i = 0; i < 3; i++) s.write({ kind: 'note', t: i, text: 'before the crash ' + i });
throw new Error('crash in the same turn');`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    assert.notEqual(r.status, 0, 'the child crashed');
    assert.match(r.stderr, /crash in the same turn/);
    assert.deepEqual(readJsonl(file).map((e) => e.t), [0, 1, 2]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function pathToImport(rel: string): string {
  return path.resolve(import.meta.dirname, '../..', rel);
}
