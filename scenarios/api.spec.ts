/**
 * C calls of the library's API judged from HIL.Status: mgos_mqtt_num_unsent_bytes while
 * nothing is listening and the QoS 1 publishes wait in the queue (max_queue_length 5: the
 * sixth pushes out the oldest).
 */
import { test } from '../harness/runner/fixtures.ts';

test.describe('api', () => {
  test('unsent bytes count the queued payloads', async ({ scenario }) => {
    await scenario.verifying(['api.unsent-bytes'], async () => {
      await scenario.setup({ primary: { fault: 'closed' }, mqtt: { max_queue_length: 5 } });
      await scenario.recordStatus();
      await scenario.pub('hil/api/q', 'first', 1);
      await scenario.pub('hil/api/q', 'dropped-at-qos-0', 0);
      await scenario.jsPub('hil/api/q', 'through-js', 2);
      await scenario.recordStatus();
      for (const payload of ['a', 'bb', 'ccc', 'dddd']) await scenario.pub('hil/api/queue-longer-topic', payload, 1);
      await scenario.recordStatus();
    });
  });
});
