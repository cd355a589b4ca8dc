#!/usr/bin/env node
// The `hil` command: registers tsx so the harness's TypeScript runs as it is, then
// hands over to harness/cli/main.ts.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../harness/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
