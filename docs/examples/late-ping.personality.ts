/**
 * An example of a lab's own firmware quirk, modelled as a personality of the virtual
 * board: this firmware pings only after twice its keep-alive (say, a watchdog task that
 * delays the MQTT poll). Load it by path:
 *
 *   npx hil qualify --virtual --personality ./docs/examples/late-ping.personality.ts
 *
 * and `keepalive.ping` must fail. The module's default export is a Personality
 * (harness/virtual/personalities/personality.ts): a name, a one-sentence description, and
 * any of the hooks. Each hook gets the situation and the faithful board's answer, and
 * returns its own.
 */
import type { Personality } from '../../harness/virtual/personalities/personality.ts';

const latePing: Personality = {
  name: 'late-ping',
  description: 'Pings only after twice keep_alive of silence, where the library pings after keep_alive.',
  keepAlive: (_ctx, faithful) => ({
    connectSeconds: faithful.connectSeconds,
    pingAfterMs: faithful.pingAfterMs === null ? null : 2 * faithful.pingAfterMs,
  }),
};

export default latePing;
