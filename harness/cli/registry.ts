/** The sub-commands of `hil`, each in its own module under commands/. */
import type { Command } from './command.ts';

const modules: Array<() => Promise<{ command: Command }>> = [
  () => import('./commands/qualify.ts'),
  () => import('./commands/virtual.ts'),
  () => import('./commands/call.ts'),
  () => import('./commands/console.ts'),
  () => import('./commands/brokers.ts'),
];

export async function commands(): Promise<Command[]> {
  return Promise.all(modules.map(async (load) => (await load()).command));
}
