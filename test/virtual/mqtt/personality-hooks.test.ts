/**
 * The hooks that let a personality hold a real bug (issue 12): the end of the last
 * attempt, RAM made at every boot, the subscribe/unsubscribe calls, the queue's replay
 * order and first-send DUP, and a waited delay apart from the logged one. Each case runs
 * against the faithful board too, so the difference is the hook's.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AttemptEnd } from '../../../harness/virtual/mqtt/attempt-end.ts';
import { ConnState } from '../../../harness/virtual/mqtt/connection-state.ts';
import { builtInPersonality, composePersonalities, faithful, type Personality } from '../../../harness/virtual/personalities/index.ts';
import { unsubscribeForgotten } from '../../../harness/virtual/personalities/unsubscribe-forgotten.ts';
import { BACKUP, connectedRig, makeRig, nominalSeconds, PRIMARY, type Rig, type RigOptions, reconnectRig, runUntil } from './rig.ts';

const p = builtInPersonality;

/** A personality that only records what it is told: each end, with the lastEnd the schedule saw. */
function recorder(): { personality: Personality; ends: AttemptEnd[]; scheduled: AttemptEnd[] } {
  const ends: AttemptEnd[] = [];
  const scheduled: AttemptEnd[] = [];
  const personality: Personality = {
    name: 'recorder',
    description: 'Records the ends of attempts.',
    onAttemptEnd: ({ end }) => {
      ends.push(end);
    },
    nominalDelayMs: ({ lastEnd }, faithfulMs) => {
      scheduled.push(lastEnd);
      return faithfulMs;
    },
  };
  return { personality, ends, scheduled };
}

const connected = connectedRig;
const reconnect = reconnectRig;

/** Boots against `behaviour` and returns the first end the personality was told of. */
function firstEnd(behaviour: Parameters<Rig['net']['serve']>[1] | undefined, options: RigOptions = {}, act?: (rig: Rig) => void): { end: AttemptEnd; scheduled: AttemptEnd[] } {
  const r = recorder();
  const rig = makeRig({ ...options, personality: r.personality });
  if (behaviour !== undefined) rig.net.serve(PRIMARY, behaviour);
  rig.start();
  if (act) {
    runUntil(rig, 'a session or a socket', () => rig.net.connections.length > 0 && rig.client.state !== ConnState.TcpConnecting);
    act(rig);
  }
  runUntil(rig, 'the end of the first attempt', () => r.ends.length > 0, 120_000);
  return { end: r.ends[0]!, scheduled: r.scheduled };
}

describe('hooks: how the last attempt ended', () => {
  it('a refused TCP connect', () => {
    const { end, scheduled } = firstEnd('refuse');
    assert.deepEqual(end, { kind: 'tcp-refused', status: 111 });
    assert.deepEqual(scheduled[0], end, 'the schedule hooks see the same end');
  });

  it('a CONNACK with a non-zero code', () => {
    assert.deepEqual(firstEnd({ mode: 'broker', connackCode: 5 }).end, { kind: 'connack-refused', code: 5 });
  });

  it('a session the broker closed after CONNACK 0', () => {
    const { end } = firstEnd('broker', {}, (rig) => {
      runUntil(rig, 'CONNACK', () => rig.client.state === ConnState.Connected);
      rig.net.last.closeFromBroker();
    });
    assert.deepEqual(end, { kind: 'session-lost' });
  });

  it('a socket closed before any CONNACK', () => {
    const { end } = firstEnd('silent', {}, (rig) => rig.net.last.closeFromBroker());
    assert.deepEqual(end, { kind: 'closed-before-connack' });
  });

  it('a keep-alive timeout after CONNACK', () => {
    const { end } = firstEnd({ mode: 'broker', answerPings: false }, { mqtt: { keep_alive: 5 } });
    assert.deepEqual(end, { kind: 'keepalive-timeout', afterConnack: true });
  });

  it('bytes the client will not take', () => {
    const { end } = firstEnd('broker', {}, (rig) => {
      runUntil(rig, 'CONNACK', () => rig.client.state === ConnState.Connected);
      rig.net.last.deliverBytes(Buffer.from([0xf0, 0x00]));
    });
    assert.equal(end.kind, 'protocol-error');
  });

  it('an explicit disconnect (no reconnect is planned after it)', () => {
    const r = recorder();
    const rig = connected(r.personality);
    rig.client.disconnect();
    rig.clock.advance(0);
    assert.deepEqual(r.ends, [{ kind: 'explicit-disconnect' }]);
    assert.deepEqual(r.scheduled, []);
  });

  it('a connection that could not be opened', () => {
    const { end } = firstEnd(undefined, { mqtt: { ssl_ca_cert: 'missing-ca.pem' } });
    assert.equal(end.kind, 'open-failed');
  });

  it('backoff-reset-on-refusal restarts the schedule only after a CONNACK refusal', () => {
    const nominal = (personality: Personality, behaviour: Parameters<Rig['net']['serve']>[1]) => {
      const rig = makeRig({ personality });
      rig.net.serve(PRIMARY, behaviour);
      rig.start();
      runUntil(rig, 'four schedulings', () => rig.client.status().reconnect_timeout_ms > 0 && rig.delays().length >= 4);
      return rig.client.status().reconnect_timeout_ms;
    };
    const refusing = { mode: 'broker' as const, connackCode: 4 };
    assert.equal(nominal(faithful, refusing), 16_000);
    assert.equal(nominal(p('backoff-reset-on-refusal'), refusing), 2000);
    assert.equal(nominal(p('backoff-reset-on-refusal'), 'refuse'), 16_000, 'a refused TCP connect keeps the schedule');
  });
});

describe('hooks: RAM that lives one boot', () => {
  interface Counter {
    sessions: number;
  }
  const counting = (bootsSeen: string[]): Personality<Counter> => ({
    name: 'counting',
    description: 'Counts sessions in RAM.',
    onBoot: ({ resetReason }) => {
      bootsSeen.push(resetReason);
      return { sessions: 0 };
    },
    rtAfterConnack: (_ctx, faithfulRt, ram) => {
      ram.sessions++;
      return faithfulRt;
    },
    resubscriptions: (_ctx, faithfulSubs, ram) => (ram.sessions >= 3 ? [] : faithfulSubs),
  });

  it('is made at boot, reaches every hook, and starts fresh with the next boot', () => {
    const boots: string[] = [];
    const personality = counting(boots);
    const subscribesAfterReconnects = () => {
      const rig = connected(personality);
      rig.client.sub('t');
      const counts: number[] = [];
      for (let i = 0; i < 3; i++) {
        reconnect(rig);
        counts.push(rig.net.last.sent('subscribe').length);
      }
      return counts;
    };
    assert.deepEqual(subscribesAfterReconnects(), [1, 0, 0]);
    // A client is made at every boot: the same personality object, fresh RAM.
    assert.deepEqual(subscribesAfterReconnects(), [1, 0, 0]);
    assert.deepEqual(boots, ['POWERON_RESET', 'POWERON_RESET']);
  });

  it('each part of a composition keeps its own RAM', () => {
    const a: string[] = [];
    const b: string[] = [];
    const composed = composePersonalities([counting(a), p('log-lies-delay'), counting(b)]);
    const rig = connected(composed, { deviceId: 'esp32_000001' });
    rig.client.sub('t');
    reconnect(rig);
    reconnect(rig);
    assert.equal(rig.net.last.sent('subscribe').length, 0, 'both counters reached 3 sessions');
    assert.deepEqual([a.length, b.length], [1, 1]);
  });

  it('resubscribe-once-per-boot re-subscribes on the first reconnect of each boot only', () => {
    const perReconnect = () => {
      const rig = connected(p('resubscribe-once-per-boot'));
      rig.client.sub('t');
      const counts: number[] = [];
      for (let i = 0; i < 3; i++) {
        reconnect(rig);
        counts.push(rig.net.last.sent('subscribe').length);
      }
      return counts;
    };
    assert.deepEqual(perReconnect(), [1, 0, 0]);
    assert.deepEqual(perReconnect(), [1, 0, 0], 'after a reboot it behaves again');
  });
});

describe('hooks: subscribe and unsubscribe calls', () => {
  const afterUnsubAndReconnect = (personality: Personality) => {
    const rig = connected(personality);
    rig.client.sub('kept');
    rig.client.sub('dropped');
    rig.client.unsub('dropped');
    rig.clock.advance(0);
    assert.equal(rig.net.last.sent('unsubscribe').length, 1, 'UNSUBSCRIBE goes out either way');
    reconnect(rig);
    return rig.net.last.sent('subscribe').map((s) => s.subscriptions[0]!.topic);
  };

  it('unsubscribe-forgotten re-subscribes a topic after it was unsubscribed', () => {
    assert.deepEqual(afterUnsubAndReconnect(faithful), ['kept']);
    assert.deepEqual(afterUnsubAndReconnect(unsubscribeForgotten), ['dropped', 'kept']);
  });

  it('rememberSubscription can keep a subscription from being remembered, and sees what is', () => {
    const seen: string[][] = [];
    const forgetful: Personality = {
      name: 'forgetful',
      description: 'Remembers only topics under a/.',
      rememberSubscription: ({ topic, remembered }) => {
        seen.push(remembered.map((s) => s.topic));
        return topic.startsWith('a/');
      },
    };
    const rig = connected(forgetful);
    rig.client.sub('a/1');
    rig.client.sub('b/1');
    rig.client.sub('a/2');
    assert.deepEqual(seen, [[], ['a/1'], ['a/1']]);
    assert.deepEqual(rig.client.status().subs, ['a/1', 'a/2']);
  });
});

describe('hooks: the queue', () => {
  const replayed = (personality: Personality) => {
    const rig = makeRig({ personality });
    rig.client.boot();
    for (const m of ['a', 'b', 'c']) rig.client.pub('q', m, 1);
    rig.net.serve(PRIMARY, 'broker');
    rig.client.onIpAcquired();
    runUntil(rig, 'the replay', () => rig.client.status().queue_len === 0);
    rig.client.pub('q', 'online', 1);
    rig.clock.advance(0);
    return rig.net.last.sent('publish').map((x) => `${x.payload.toString()}${x.dup ? '*' : ''}`);
  };

  it('queue-replay-reversed replays newest first', () => {
    assert.deepEqual(replayed(faithful), ['a*', 'b*', 'c*', 'online']);
    assert.deepEqual(replayed(p('queue-replay-reversed')), ['c*', 'b*', 'a*', 'online']);
  });

  it('queue-dup-on-first-send sets DUP on a first send; replays are unchanged', () => {
    assert.deepEqual(replayed(p('queue-dup-on-first-send')), ['a*', 'b*', 'c*', 'online*']);
  });

  it('nextReplay may hold the replay back, and must answer one of the entries it was given', () => {
    const holding: Personality = { name: 'holding', description: 'Replays nothing.', nextReplay: () => undefined };
    const rig = makeRig({ personality: holding });
    rig.client.boot();
    rig.client.pub('q', 'a', 1);
    rig.net.serve(PRIMARY, 'broker');
    rig.client.onIpAcquired();
    runUntil(rig, 'CONNACK', () => rig.client.state === ConnState.Connected);
    rig.clock.advance(1000);
    assert.equal(rig.net.last.sent('publish').length, 0);

    const inventing: Personality = {
      name: 'inventing',
      description: 'Answers an entry of its own.',
      nextReplay: () => ({ packetId: 999, topic: 'x', requestedQos: 1, storedQos: 1 }),
    };
    const bad = makeRig({ personality: inventing });
    bad.client.boot();
    bad.client.pub('q', 'a', 1);
    bad.net.serve(PRIMARY, 'broker');
    bad.client.onIpAcquired();
    assert.throws(() => runUntil(bad, 'CONNACK', () => bad.client.state === ConnState.Connected), /personality "inventing": nextReplay must answer one of the entries in ctx\.unsent/);
  });
});

describe('hooks: the packet id counter', () => {
  /**
   * Offline: `held` queued on the boot's first id, the counter drawn to 65534, two more
   * publishes; the ids mgos_mqtt_pub returned, and the ids the broker gets in the replay.
   * impl (mgos_mqtt_conn_get_packet_id): 0 and ids held by the queue are stepped over.
   */
  const wrap = (personality: Personality) => {
    const rig = makeRig({ personality });
    rig.client.boot();
    const held = rig.client.pub('q', 'held', 1);
    let last = 0;
    while (last !== 65534) last = rig.client.nextPacketId();
    const ids = [held, rig.client.pub('q', 'a', 1), rig.client.pub('q', 'b', 1)];
    rig.net.serve(PRIMARY, 'broker');
    rig.client.onIpAcquired();
    runUntil(rig, 'the replay', () => rig.client.status().queue_len === 0);
    return { ids, wire: rig.net.last.sent('publish').map((x) => x.messageId) };
  };

  it('faithful: 65535, then 2 (0 and the queued 1 skipped); the broker gets the same ids', () => {
    assert.deepEqual(wrap(faithful), { ids: [1, 65535, 2], wire: [1, 65535, 2] });
  });

  it('packet-id-zero hands out 0 after 65535; packet-id-reuses-queued hands out the queued 1', () => {
    assert.deepEqual(wrap(p('packet-id-zero')).ids, [1, 65535, 0]);
    assert.deepEqual(wrap(p('packet-id-reuses-queued')).ids, [1, 65535, 1]);
  });

  it('nextPacketId throws without a connection object (mqtt.enable false at boot)', () => {
    const rig = makeRig({ mqtt: { enable: false } });
    rig.client.boot();
    assert.equal(rig.client.hasConnectionObject(), false);
    assert.throws(() => rig.client.nextPacketId(), /no MQTT connection object/);
  });
});

describe('hooks: mqtt.require_time', () => {
  /**
   * require_time on, the wall clock unset for 10 s of device time, then set; the broker
   * up throughout. impl (mgos_mqtt_time_ok, mgos_mqtt_conn_connect): each try without
   * time logs "Time is not set, not connecting" and schedules the next like a failed
   * attempt (2, 4, 8 s …); nothing reacts to the time being set, so the timer pending
   * then makes the first attempt.
   */
  const heldBack = (personality: Personality, requireTime = true) => {
    let timeSet = false;
    const rig = makeRig({ personality, mqtt: { require_time: requireTime }, wallTimeSet: () => timeSet });
    rig.net.serve(PRIMARY, 'broker');
    rig.start();
    rig.clock.advanceTo(10_000);
    const beforeSet = { attempts: rig.attempts().length, notSet: rig.messages().filter((m) => m === 'Time is not set, not connecting').length, delays: rig.delays() };
    const setAt = rig.clock.now();
    timeSet = true;
    if (rig.client.state !== ConnState.Connected) runUntil(rig, 'the session', () => rig.client.state === ConnState.Connected);
    return { ...beforeSet, setAt, firstAttemptAt: rig.attempts()[0]?.t };
  };

  it('faithful: no attempt without time, the backoff advancing 2, 4, 8 s; the pending timer connects once time is set', () => {
    const r = heldBack(faithful);
    assert.equal(r.attempts, 0);
    assert.equal(r.notSet, 3, 'tries at 0, ~2 and ~6 s');
    assert.deepEqual(nominalSeconds(r.delays, [2, 4, 8]), [2, 4, 8]);
    assert.ok(r.firstAttemptAt !== undefined && r.firstAttemptAt > r.setAt, 'no attempt at the moment the time is set');
    assert.ok(r.firstAttemptAt! <= r.setAt + 1.1 * 8000, `the attempt came ${r.firstAttemptAt! - r.setAt} ms after the time was set, past the pending 8 s timer`);
  });

  it('faithful with require_time false, and require-time-ignored: connected at once without time', () => {
    for (const r of [heldBack(faithful, false), heldBack(p('require-time-ignored'))]) {
      assert.equal(r.notSet, 0);
      assert.equal(r.attempts, 1);
      assert.equal(r.firstAttemptAt, 0);
    }
  });
});

describe('hooks: the connect callback (mgos_mqtt_set_connect_fn)', () => {
  /**
   * A callback that records what it was handed and sends user "cb" and keep-alive 7; the
   * broker closes each session, so three CONNECTs go out: before the callback is set, with
   * it, and after it is unset. impl (mgos_mqtt_ev, MG_EV_CONNECT): the callback gets the
   * client id and the options built from the config and sends the handshake itself;
   * mg_send_mqtt_handshake_opt makes its keep-alive the ping interval; NULL is the
   * library's own CONNECT.
   */
  const threeConnects = (personality: Personality) => {
    const handed: Array<{ clientId: string; user: string | null; keepAliveS: number }> = [];
    const rig = connectedRig(personality, { mqtt: { keep_alive: 0, user: 'u', pass: 'pw' } });
    assert.equal(rig.client.setConnectFn((clientId, opts) => {
      handed.push({ clientId, user: opts.userName, keepAliveS: opts.keepAliveS });
      return { clientId, opts: { ...opts, userName: 'cb', keepAliveS: 7 } };
    }), true);
    reconnectRig(rig);
    const withFn = rig.net.last;
    runUntil(rig, 'a PINGREQ', () => withFn.sent('pingreq').length > 0);
    const pingAt = withFn.received.find((r) => r.packet.cmd === 'pingreq')!.t;
    const lastBefore = withFn.received.filter((r) => r.t < pingAt).at(-1)!.t;
    rig.client.setConnectFn(null);
    reconnectRig(rig);
    const connects = rig.net.connections.map((c) => c.sent('connect')[0]!).map((c) => ({ user: c.username, keepalive: c.keepalive, clientId: c.clientId, password: c.password?.toString() }));
    return { connects, handed, pingAfterMs: pingAt - lastBefore };
  };

  it('faithful: the callback\'s CONNECT on the connection after it is set, and its keep-alive pings; the library\'s own after it is unset', () => {
    const r = threeConnects(faithful);
    const own = { user: 'u', keepalive: 60, clientId: 'esp32_1CA848', password: 'pw' };
    assert.deepEqual(r.connects, [own, { user: 'cb', keepalive: 7, clientId: 'esp32_1CA848', password: 'pw' }, own]);
    // Handed the config's options as the library built them: keep_alive 0 stays 0 (the handshake sends 60 for it).
    assert.deepEqual(r.handed, [{ clientId: 'esp32_1CA848', user: 'u', keepAliveS: 0 }]);
    assert.ok(r.pingAfterMs >= 7000 && r.pingAfterMs <= 7100, `ping ${r.pingAfterMs} ms after the last packet sent`);
  });

  it('connect-fn-ignored: never called, every CONNECT the library\'s own', () => {
    const r = threeConnects(p('connect-fn-ignored'));
    assert.deepEqual(r.handed, []);
    assert.deepEqual(r.connects.map((c) => [c.user, c.keepalive]), [['u', 60], ['u', 60], ['u', 60]]);
  });

  it('faithful: the callback also sends the backup\'s CONNECT after the switch, and does not outlive a reboot', () => {
    const rig = connectedRig(faithful, { mqtt: { reconnect_timeout_max: 4 }, mqtt1: { enable: true, server: BACKUP, reconnect_timeout_max: 4 } });
    rig.client.setConnectFn((clientId, opts) => ({ clientId, opts: { ...opts, userName: 'cb' } }));
    rig.net.serve(PRIMARY, 'refuse');
    rig.net.serve(BACKUP, 'broker');
    rig.net.last.closeFromBroker();
    runUntil(rig, 'the backup session', () => rig.client.status().cfg === 'mqtt1' && rig.client.state === ConnState.Connected);
    const onBackup = rig.net.last;
    assert.equal(`${onBackup.host}:${onBackup.port}`, BACKUP);
    assert.equal(onBackup.sent('connect')[0]!.username, 'cb');
    // Every boot makes a new client (VirtualBoard #initDone), so a reboot leaves no callback.
    const after = connectedRig(faithful);
    assert.equal(after.net.last.sent('connect')[0]!.username, undefined);
  });

  it('is ignored without a connection object (mqtt.enable false at boot)', () => {
    const rig = makeRig({ mqtt: { enable: false } });
    rig.client.boot();
    assert.equal(rig.client.setConnectFn(() => ({ clientId: 'x', opts: { userName: null, password: null, clean: true, keepAliveS: 0, willTopic: null, willMessage: null, willRetain: false } })), false);
  });
});

describe('hooks: the logged and the waited delay', () => {
  /** Logged delays and the gaps actually waited (from the end of one attempt to the next `connecting to`), refused TCP. */
  const loggedAndWaited = (personality: Personality) => {
    const rig = makeRig({ personality });
    rig.start();
    runUntil(rig, 'five attempts', () => rig.attempts().length >= 5);
    const logged = rig.logs.filter((l) => /connecting after/.test(l.message));
    const starts = rig.attempts().map((a) => a.t);
    return { logged: logged.slice(0, 4).map((l) => Number(/(\d+) ms/.exec(l.message)![1])), waited: logged.slice(0, 4).map((l, i) => starts[i + 1]! - l.t) };
  };

  it('faithful waits exactly what it logs', () => {
    const { logged, waited } = loggedAndWaited(faithful);
    assert.deepEqual(waited, logged);
  });

  it('log-lies-delay logs the model’s fuzzed delays but waits half of each', () => {
    const honest = loggedAndWaited(faithful);
    const liar = loggedAndWaited(p('log-lies-delay'));
    assert.deepEqual(liar.logged, honest.logged, 'the same seed logs the same numbers');
    assert.deepEqual(liar.waited, liar.logged.map((ms) => Math.trunc(ms / 2)));
  });

  it('waitedDelayMs sees the model’s draw and the logged delay apart', () => {
    const seen: { loggedMs: number; drawnMs: number }[] = [];
    const lies: Personality = {
      name: 'lies',
      description: 'Logs a fixed number.',
      fuzzedDelayMs: () => 1234,
      waitedDelayMs: ({ loggedMs, drawnMs }) => {
        seen.push({ loggedMs, drawnMs });
        return drawnMs;
      },
    };
    const honest = loggedAndWaited(faithful);
    const { logged, waited } = loggedAndWaited(lies);
    assert.deepEqual(logged, [1234, 1234, 1234, 1234]);
    assert.deepEqual(waited, honest.logged);
    assert.deepEqual(seen.slice(0, 4).map((s) => s.drawnMs), honest.logged);
  });
});

describe('hooks: the raw subscription handler (mgos_mqtt_global_subscribe)', () => {
  /**
   * Connected: a raw subscription on hil/raw/+ (SUBACK), a matching QoS 1 PUBLISH and one
   * that does not match, a QoS 1 publish of the device (its PUBACK), then the broker closes
   * and the session after it re-subscribes (a second SUBACK, a fresh id). What the raw
   * handler was called with, and whether GlobalConn saw a socket before and after.
   * impl (call_topic_handler): a matching PUBLISH and the SUBACK of its own latest SUBSCRIBE only.
   */
  const run = (personality: Personality) => {
    const rig = connected(personality);
    const calls: Array<{ mgEv: number; packetId?: number; topic?: string }> = [];
    const globalConn = [rig.client.hasGlobalConn()];
    rig.client.rawSub('hil/raw/+', (mgEv, info) => calls.push({ mgEv, ...(info.packetId === undefined ? {} : { packetId: info.packetId }), ...(info.topic === undefined ? {} : { topic: info.topic }) }));
    runUntil(rig, 'the SUBACK', () => rig.net.last.sent('subscribe').length === 1, 5_000);
    rig.clock.advance(10);
    const firstSub = rig.net.last.sent('subscribe')[0]!.messageId;
    rig.net.last.deliver({ cmd: 'publish', topic: 'hil/raw/x', payload: Buffer.from('m'), qos: 1, messageId: 77, dup: false, retain: false });
    rig.net.last.deliver({ cmd: 'publish', topic: 'hil/other', payload: Buffer.from('n'), qos: 0, dup: false, retain: false });
    rig.client.pub('hil/out', 'p', 1);
    rig.clock.advance(10);
    reconnect(rig);
    rig.clock.advance(10);
    const secondSub = rig.net.last.sent('subscribe')[0]!.messageId;
    globalConn.push(rig.client.hasGlobalConn());
    return { calls, ids: [firstSub, secondSub], globalConn };
  };

  it('faithful: its own SUBACK each time it is (re-)subscribed and the matching PUBLISH; no PUBACK, no CLOSE', () => {
    const { calls, ids, globalConn } = run(faithful);
    assert.notEqual(ids[0], ids[1], 'a re-subscription takes a fresh packet id');
    assert.deepEqual(calls, [{ mgEv: 209, packetId: ids[0] }, { mgEv: 203, packetId: 77, topic: 'hil/raw/x' }, { mgEv: 209, packetId: ids[1] }]);
    assert.deepEqual(globalConn, [true, true]);
  });

  it('raw-handler-publish-only never gets the SUBACK; raw-handler-sees-close also gets CLOSE', () => {
    assert.deepEqual(run(p('raw-handler-publish-only')).calls.map((c) => c.mgEv), [203]);
    assert.deepEqual(run(p('raw-handler-sees-close')).calls.map((c) => c.mgEv), [209, 203, 5, 209]);
  });

  it('a SUBACK no subscription claims goes to the connection handlers; a claimed one does not', () => {
    const rig = connected(faithful);
    const conn: number[] = [];
    rig.client.addGlobalHandler((ev) => conn.push(ev));
    rig.client.rawSub('hil/raw/+', () => {});
    rig.clock.advance(10);
    rig.net.last.deliver({ cmd: 'suback', messageId: 999, granted: [1] });
    rig.clock.advance(10);
    assert.deepEqual(conn.filter((e) => e === 209), [209]);
  });

  it('without a connection object (mqtt.enable false at boot) nothing is remembered and there is no global conn', () => {
    const rig = makeRig({ mqtt: { enable: false } });
    rig.client.boot();
    rig.client.rawSub('hil/raw/+', () => {});
    assert.deepEqual(rig.client.status().subs, []);
    assert.equal(rig.client.hasGlobalConn(), false);
  });
});
