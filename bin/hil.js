#!/usr/bin/env node
// The `hil` command: registers tsx so the harness's TypeScript runs as it is, then
// hands over to harness/cli/main.ts.
import { register } from 'tsx/esm/api';

register();
// Mutation testing only (harness/mutation/): the MQTT library from an instrumented copy.
if (process.env.HIL_MUTATION_DIR) await import('../harness/mutation/register-loader.ts');
const { main } = await import('../harness/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
