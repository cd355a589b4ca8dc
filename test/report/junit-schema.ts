/**
 * junit.xml as a CI server reads it: validated against the schema Jenkins uses
 * (schemas/jenkins-junit.xsd) and queried with XPath, both by xmllint (Debian's
 * libxml2-utils, installed by .ci/run).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const XSD = path.join(import.meta.dirname, 'schemas', 'jenkins-junit.xsd');

function xmllint(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('xmllint', args, { encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw new Error(`xmllint could not run (${r.error.message}): install Debian's libxml2-utils (.ci/run does)`);
  return r;
}

/** Fails the test with xmllint's complaints unless the file is valid against Jenkins' JUnit schema. */
export function assertJenkinsJunit(file: string): void {
  const r = xmllint(['--noout', '--schema', XSD, file]);
  assert.equal(r.status, 0, `${file} is not valid JUnit for Jenkins:\n${r.stderr}`);
}

/** The result of an XPath expression on the file (a string, or a count(...) as its digits). */
export function xpath(file: string, expression: string): string {
  const r = xmllint(['--xpath', expression, file]);
  // xmllint exits 10 for an expression that matches nothing: the empty answer.
  if (r.status === 10) return '';
  assert.equal(r.status, 0, `xmllint --xpath ${expression}: ${r.stderr}`);
  return r.stdout.trim();
}
