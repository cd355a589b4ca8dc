/**
 * The library's JS API (api_mqtt.js), driven by the test firmware's fs/init.js: an event
 * handler set before the first session, a subscription the broker delivers on, publishes
 * while connected and offline, and isConnected both ways around an explicit disconnect.
 */
import { test } from '../harness/runner/fixtures.ts';
import { isHilEvent } from '../harness/timeline/hil-events.ts';
import { now } from '../harness/clock.ts';

const S = 1000;
const FILTER = 'hil/js/#';


test.describe('js-api', () => {
  test('MQTT.pub, MQTT.sub, MQTT.isConnected and MQTT.setEventHandler do what the library does', async ({ scenario }) => {
    await scenario.verifying(['api.js-pub-return', 'api.js-sub-delivery', 'api.js-is-connected', 'api.js-event-handler'], async () => {
      await scenario.setup();
      await scenario.jsSetEventHandler();
      const first = await scenario.waitForSession('primary', 10 * S);
      await scenario.jsSub(FILTER);
      await scenario.waitFor((e) => e.kind === 'mqtt.packet' && e.type === 'suback' && e.t > first.t, 5 * S, 'the SUBACK');
      await scenario.peerPublish('primary', 'hil/js/in', 'to-the-js-handler', 1);
      await scenario.waitFor((e) => isHilEvent(e, 'js_msg'), 5 * S, "MQTT.sub's handler called");
      const published = now();
      await scenario.jsPub('hil/js/out', 'one', 1);
      await scenario.jsPub('hil/js/out', 'two', 1, false);
      await scenario.jsPub('hil/js/out', 'qos-0-by-default');
      let acks = 0;
      await scenario.waitFor((e) => e.kind === 'mqtt.packet' && e.dir === 'out' && e.type === 'puback' && e.t > published && ++acks >= 2, 5 * S, 'two PUBACKs');
      await scenario.waitFor((e) => isHilEvent(e, 'js_event', (ev) => ev.mg_ev === 204), 2 * S, 'EV_PUBACK in the JS handler');
      // The QoS 0 one comes back from the broker too: let it reach the handler before the
      // explicit disconnect (under load the two cross, and api.js-sub-delivery judges it then).
      await scenario.watch((e) => isHilEvent(e, 'js_msg', (ev) => ev.msg === 'qos-0-by-default'), 2 * S, 'the QoS 0 message in the handler');
      await scenario.jsIsConnected();
      await scenario.disconnect();
      await scenario.waitFor((e) => isHilEvent(e, 'close'), 5 * S, 'the session closed');
      await scenario.jsIsConnected();
      await scenario.jsPub('hil/js/out', 'queued-offline', 1);
      await scenario.connect();
      const second = await scenario.waitForSession('primary', 10 * S, first.t + 1);
      // The queued publish is replayed and acknowledged, and the handler hears of it; a
      // board that lost its queue sends nothing to acknowledge (queue.replay judges that).
      await scenario.watch((e) => e.kind === 'mqtt.packet' && e.dir === 'out' && e.type === 'puback' && e.t > second.t, 5 * S, 'the replay acknowledged');
      await scenario.watch((e) => isHilEvent(e, 'js_event', (ev) => ev.mg_ev === 204) && e.t > second.t, 2 * S, 'EV_PUBACK for the replay');
    });
  });
});
