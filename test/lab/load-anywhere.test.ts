/**
 * A lab config outside the checkout, with no package.json around it, loads through the
 * real CLI (bin/hil.js registers tsx's ESM hooks only, which is where a .ts there used to
 * fail with "Cannot require() ES Module … in a cycle") whether it is .ts, .mts, .cts, .js
 * or .mjs; one that cannot load says how to name and write it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

const root = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hil-lab-anywhere-'));

function boards(config: string) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/hil.js'), 'boards', '--json', '--config', config], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('the temp folder is outside the checkout and has no package.json', () => {
  assert.ok(!path.relative(root, dir).match(/^[^.]/), `${dir} is inside ${root}`);
  assert.ok(!fs.existsSync(path.join(dir, 'package.json')));
});

for (const ext of ['ts', 'mts', 'cts', 'js', 'mjs']) {
  test(`hil.config.${ext} outside the checkout loads`, () => {
    // A folder each: given x.js, tsx resolves to a sibling x.ts first, as TypeScript does.
    fs.mkdirSync(path.join(dir, ext));
    const file = path.join(dir, ext, `hil.config.${ext}`);
    const typed = ext.endsWith('ts') ? ": { boards: { name: string; kind: 'virtual' }[] }" : '';
    fs.writeFileSync(file, `const lab${typed} = { boards: [{ name: 'from-${ext}', kind: 'virtual' }] };\nexport default lab;\n`);
    const r = boards(file);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out).boards, [{ board: `from-${ext}`, status: 'virtual' }]);
  });
}

test('a config that cannot load says what a config is and to rename it to .mts', () => {
  const file = path.join(dir, 'broken.cjs');
  fs.writeFileSync(file, "export default { boards: [{ name: 'x', kind: 'virtual' }] };\n");
  const r = boards(file);
  assert.equal(r.code, 2);
  assert.match(r.err, /cannot load lab config .*broken\.cjs: .*A lab config is a module with `export default \{ boards: \[\.\.\.\] \}`, named \.ts, \.mts, \.js or \.mjs .* rename it to \.mts/);
});
