/**
 * Re-subscription after every CONNACK: every remembered topic (wildcards included), at
 * its QoS, after a drop and after a failover, none unsubscribed before the drop, and
 * messages delivered end to end (each QoS 1 one acknowledged once, each handed to every
 * subscription that matches it); a subscription made while the CONNECT waits for its
 * CONNACK is sent once, after it.
 */
import { expect, test } from '../harness/runner/fixtures.ts';
import type { Scenario } from '../harness/runner/scenario.ts';
import { isHilEvent } from '../harness/timeline/hil-events.ts';

const S = 1000;

/** A multi-level wildcard, an exact topic, and a filter that starts with a wildcard (mongoose's matcher takes '+' first as any other level). */
async function subscribeSeveral(scenario: Scenario): Promise<string[]> {
  const topics = ['hil/in/#', `devices/${scenario.deviceId}/cmd`, '+/hil/state'];
  await scenario.sub(topics[0]!);
  await scenario.sub(topics[1]!, 1);
  await scenario.sub(topics[2]!, 0);
  let seen = 0;
  await scenario.waitFor((e) => e.kind === 'mqtt.packet' && e.type === 'suback' && ++seen >= 3, 5 * S, 'three SUBACKs');
  return topics;
}

/** Waits for the device's `msg` line on `topic` after the peer published it. */
async function deliver(scenario: Scenario, broker: 'primary' | 'backup', topic: string, payload: string): Promise<void> {
  const since = scenario.timeline.now();
  await scenario.peerPublish(broker, topic, payload, 1);
  await scenario.waitForEvent('msg', 5 * S, (e) => e.topic === topic && e.msg === payload, since);
}

test.describe('resubscribe', () => {
  test('after a drop: every topic, wildcards included, at its QoS, with delivery end to end', async ({ scenario }) => {
    await scenario.verifying(['resubscribe.all-topics', 'resubscribe.qos', 'resubscribe.delivery'], async () => {
      await scenario.setup();
      const first = await scenario.waitForSession('primary', 10 * S);
      await subscribeSeveral(scenario);
      await scenario.fault('primary', { fault: 'drop', how: 'rst' });
      await scenario.fault('primary', { fault: 'accept' });
      const second = await scenario.waitFor(
        (e) => e.kind === 'mqtt.packet' && e.broker === 'primary' && e.type === 'connack' && e.returnCode === 0 && e.t > first.t,
        5 * S,
        'a new session after the drop',
      );
      // The board's re-subscription is what the checks judge: watch for it, then deliver.
      let subs = 0;
      await scenario.watch((e) => e.kind === 'mqtt.packet' && e.type === 'suback' && e.t > second.t && ++subs >= 3, 2 * S, 'three SUBACKs on the new session');
      await deliver(scenario, 'primary', 'hil/in/x', 'after-drop-1');
      await deliver(scenario, 'primary', `devices/${scenario.deviceId}/cmd`, 'after-drop-2');
      await deliver(scenario, 'primary', 'a/hil/state', 'after-drop-3');
      // A second filter over hil/in/x: the library calls both subscriptions' handlers (two
      // `msg` lines), and a matcher that ignores the levels would call all four.
      const since = scenario.timeline.now();
      await scenario.sub('+/in/x');
      await scenario.waitFor((e) => e.kind === 'mqtt.packet' && e.type === 'suback' && e.t >= since, 5 * S, 'the SUBACK of +/in/x');
      await deliver(scenario, 'primary', 'hil/in/x', 'after-drop-4');
      const status = await scenario.status();
      expect(status.subs.sort()).toEqual(['devices/' + scenario.deviceId + '/cmd', '+/hil/state', 'hil/in/#', '+/in/x'].sort());
    });
  });

  test('after a failover to the backup: every topic re-sent there, with delivery end to end', async ({ scenario }) => {
    await scenario.verifying(['resubscribe.all-topics', 'resubscribe.qos', 'resubscribe.delivery', 'failover.to-backup'], async () => {
      await scenario.setup({ mqtt1: { enable: true }, mqtt: { reconnect_timeout_max: 8 } });
      await scenario.waitForSession('primary', 10 * S);
      await subscribeSeveral(scenario);
      await scenario.fault('primary', [{ fault: 'drop', how: 'rst' }, { fault: 'refuse-rst' }]);
      // Primary 2, 4, 8 s (its max is 8 here), then the backup after 4 s.
      await scenario.waitForSession('backup', 1.15 * 18 * S + 5 * S);
      let subs = 0;
      await scenario.watch((e) => e.kind === 'mqtt.packet' && e.broker === 'backup' && e.type === 'suback' && ++subs >= 3, 2 * S, 'three SUBACKs on the backup');
      await deliver(scenario, 'backup', 'hil/in/y', 'on-backup-1');
      await deliver(scenario, 'backup', 'b/hil/state', 'on-backup-2');
    });
  });

  test('a subscription made while the CONNECT waits for its CONNACK goes out once, after the CONNACK; the global conn is already there', async ({ scenario }) => {
    await scenario.verifying(['resubscribe.all-topics', 'resubscribe.delivery', 'events.handler-set'], async () => {
      await scenario.setup();
      const first = await scenario.waitForSession('primary', 10 * S);
      await scenario.sub('hil/in/#');
      await scenario.waitFor((e) => e.kind === 'mqtt.packet' && e.type === 'suback' && e.t > first.t, 5 * S, 'the SUBACK of hil/in/#');
      // The next session's CONNACK is held 5 s: long enough for an RPC to land in the wait.
      await scenario.fault('primary', [{ fault: 'drop', how: 'rst' }, { fault: 'delay', packets: 'connack', ms: 5 * S }]);
      const connect = await scenario.waitFor(
        (e) => e.kind === 'mqtt.packet' && e.broker === 'primary' && e.dir === 'in' && e.type === 'connect' && e.t > first.t,
        1.15 * 2 * S + 3 * S,
        'the CONNECT after the drop',
      );
      await scenario.sub('hil/early/x', 1);
      // The connection exists from the attempt's start (events.handler-set judges the answer).
      await scenario.globalConn();
      const connack = await scenario.waitFor(
        (e) => e.kind === 'mqtt.packet' && e.broker === 'primary' && e.type === 'connack' && e.returnCode === 0 && e.t > connect.t,
        5 * S + 3 * S,
        'the held CONNACK',
      );
      await scenario.fault('primary', { fault: 'accept' });
      let subs = 0;
      await scenario.watch((e) => e.kind === 'mqtt.packet' && e.type === 'suback' && e.t > connack.t && ++subs >= 2, 2 * S, 'two SUBACKs on the new session');
      await deliver(scenario, 'primary', 'hil/early/x', 'subscribed-in-the-wait');
    });
  });

  test('a topic unsubscribed before the drop is not re-sent; a matched QoS 1 message gets one PUBACK', async ({ scenario }) => {
    await scenario.verifying(['resubscribe.all-topics', 'delivery.puback-matched', 'events.global-handler', 'api.unsub'], async () => {
      await scenario.setup();
      const first = await scenario.waitForSession('primary', 10 * S);
      // Two overlapping filters: the message below matches both, and still gets one PUBACK.
      await scenario.sub('hil/keep/#', 1);
      await scenario.sub('hil/+/x', 1);
      await scenario.sub('hil/gone', 1);
      let seen = 0;
      await scenario.waitFor((e) => e.kind === 'mqtt.packet' && e.type === 'suback' && e.t > first.t && ++seen >= 3, 5 * S, 'three SUBACKs');
      // A topic never subscribed: the library finds nothing, returns false and sends nothing (api.unsub).
      await scenario.unsub('hil/never-subscribed');
      await scenario.unsub('hil/gone');
      await scenario.waitFor((e) => e.kind === 'mqtt.packet' && e.type === 'unsuback' && e.t > first.t, 5 * S, 'the UNSUBACK');
      // The connection handlers hear of it before the drop (events.global-handler judges the line).
      await scenario.watch((e) => isHilEvent(e, 'unsuback'), 5 * S, "the handler's UNSUBACK line");
      await scenario.fault('primary', { fault: 'drop', how: 'rst' });
      await scenario.fault('primary', { fault: 'accept' });
      const second = await scenario.waitFor(
        (e) => e.kind === 'mqtt.packet' && e.broker === 'primary' && e.type === 'connack' && e.returnCode === 0 && e.t > first.t,
        1.15 * 2 * S + 2 * S,
        'a new session after the drop',
      );
      let subs = 0;
      await scenario.watch((e) => e.kind === 'mqtt.packet' && e.type === 'suback' && e.t > second.t && ++subs >= 2, 2 * S, 'two SUBACKs on the new session');
      await deliver(scenario, 'primary', 'hil/keep/x', 'matched-twice');
      // Give a second PUBACK its chance to show (the check counts them).
      let acks = 0;
      await scenario.watch((e) => e.kind === 'mqtt.packet' && e.dir === 'in' && e.type === 'puback' && e.t > second.t && ++acks >= 2, 1 * S, 'a second PUBACK that must not come', second.t);
    });
  });
});
