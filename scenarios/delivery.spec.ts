/**
 * Delivery to the device: a persistent session (clean_session = false) can hand the
 * device a QoS 1 message on a topic it no longer subscribes to; MQTT 3.1.1 still requires
 * the PUBACK, and the library hands that PUBLISH to its connection handlers (the JS
 * event handler set here) since no subscription took it.
 */
import { test } from '../harness/runner/fixtures.ts';
import { isHilEvent } from '../harness/timeline/hil-events.ts';

const S = 1000;
const TOPIC = 'hil/persist/cmd';

test.describe('delivery', () => {
  test('a QoS 1 message matching no subscription is still acknowledged', async ({ scenario }) => {
    await scenario.verifying(['delivery.puback-unmatched', 'api.js-event-handler'], async () => {
      await scenario.setup({ mqtt: { clean_session: false, client_id: 'hil-persistent' } });
      // A PUBLISH no subscription matches goes to the connection handlers: the JS one prints it (EV_PUBLISH 203).
      await scenario.jsSetEventHandler();
      const first = await scenario.waitForSession('primary', 10 * S);
      await scenario.sub(TOPIC, 1);
      await scenario.waitFor((e) => e.kind === 'mqtt.packet' && e.type === 'suback' && e.t > first.t, 5 * S, 'the SUBACK');
      // Offline: the broker keeps the session and its subscription; the board forgets the
      // topic locally (no UNSUBSCRIBE can be sent without a connection).
      await scenario.fault('primary', [{ fault: 'drop', how: 'rst' }, { fault: 'refuse-rst' }]);
      await scenario.waitFor((e) => e.kind === 'tcp.close' && e.broker === 'primary' && e.t > first.t, 5 * S, 'the drop');
      await scenario.unsub(TOPIC);
      await scenario.peerPublish('primary', TOPIC, 'for-the-persistent-session', 1);
      await scenario.fault('primary', { fault: 'accept' });
      const second = await scenario.waitFor(
        (e) => e.kind === 'mqtt.packet' && e.broker === 'primary' && e.type === 'connack' && e.returnCode === 0 && e.t > first.t,
        1.15 * 8 * S + 5 * S,
        'the persistent session resumed',
      );
      const delivered = await scenario.waitFor(
        (e) => e.kind === 'mqtt.packet' && e.dir === 'out' && e.type === 'publish' && e.topic === TOPIC && e.t > second.t,
        5 * S,
        'the broker delivering the stored message',
      );
      // Give the device its chance to acknowledge; the check judges what it did.
      await scenario.watch((e) => e.kind === 'mqtt.packet' && e.dir === 'in' && e.type === 'puback' && e.t > delivered.t, 2 * S, 'the PUBACK');
      await scenario.watch((e) => isHilEvent(e, 'js_event', (ev) => ev.mg_ev === 203) && e.t >= delivered.t, 2 * S, 'EV_PUBLISH in the JS handler');
    });
  });
});
