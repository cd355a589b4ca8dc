/**
 * The CONNECT packet, and a broker that refuses the board's credentials.
 */
import { test } from '../harness/runner/fixtures.ts';

test.describe('connect', () => {
  test('CONNECT carries the configured fields: default client id, clean session, keep-alive, will, user and password', async ({ scenario }) => {
    await scenario.verifying(['connect.fields'], async () => {
      await scenario.setup({
        mqtt: { user: 'hil-user', pass: 'hil-secret', keep_alive: 30, will_topic: 'hil/will', will_message: 'gone', will_retain: true },
      });
      await scenario.waitForSession('primary', 10_000);
      // A second board identity via client_id, over a reconnect: the id must follow the config live.
    });
  });

  test('refused credentials (CONNACK 5): the schedule continues as for any failed attempt', async ({ scenario }) => {
    await scenario.verifying(['connect.auth-refused'], async () => {
      await scenario.setup({ mqtt: { user: 'hil-user', pass: 'wrong' }, primary: { fault: 'connack', code: 5 } });
      await scenario.waitForAttempts('primary', 4, 2_000 + 2_000 + 4_000 + 8_000 + 2_000);
    });
  });
});
