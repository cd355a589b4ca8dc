/**
 * report.pdf's print is bounded (harness/report/pdf.ts PRINT_LIMIT_MS): a print that runs
 * past its limit is abandoned with an error that says how big the page was, and leaves
 * neither a report.pdf nor a temp file behind; within the limit the PDF is written.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { findChromium, printPdf } from '../../harness/report/pdf.ts';

const found = await findChromium().catch(() => undefined);
const skip = found ? false : 'no Chromium: `apt-get install chromium` or set HIL_CHROMIUM (.ci/run does)';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hil-pdf-limit-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const html = path.join(dir, 'index.html');
fs.writeFileSync(html, `<!doctype html><title>t</title><body>${'<p>a line of the report</p>'.repeat(2000)}</body>`);

test('a print past its limit is abandoned, says so and leaves no file', { skip }, async () => {
  const pdf = path.join(dir, 'late.pdf');
  await assert.rejects(printPdf(html, pdf, found!.path, 90_000, 1), /printing 0\.\d MB of HTML took longer than 0 s/);
  assert.deepEqual(
    fs.readdirSync(dir).filter((f) => f.startsWith('late.pdf')),
    [],
    'no report.pdf and no temp file',
  );
});

test('a print within its limit writes the PDF', { skip }, async () => {
  const pdf = path.join(dir, 'ok.pdf');
  await printPdf(html, pdf, found!.path);
  assert.equal(fs.readFileSync(pdf).subarray(0, 4).toString('latin1'), '%PDF');
});
