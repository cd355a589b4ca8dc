/**
 * The reconnect schedule and failover of the virtual board's MQTT client, on a fake
 * clock (mqtt-client-behaviour.md, "Reconnect schedule").
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnState } from '../../../harness/virtual/mqtt/connection-state.ts';
import { libSilentWithoutBackupServer } from '../../../harness/virtual/personalities/lib-silent-without-backup-server.ts';
import { assertFuzzedSchedule, BACKUP, makeRig, PRIMARY, runUntil } from './rig.ts';

const backupOn = { enable: true, server: BACKUP };

describe('reconnect schedule, primary down, no backup', () => {
  it('prints the golden lines of the real library for a refused attempt', () => {
    const rig = makeRig({ mqtt: { server: '127.0.0.1:18941' } });
    rig.start();
    rig.clock.advance(0);
    assert.deepEqual(
      rig.logs.slice(0, 4).map((l) => [l.file, l.line, l.message.replace(/\d+ ms$/, 'N ms')]),
      [
        ['mgos_mqtt_conn.c', 442, 'MQTT0 connecting to 127.0.0.1:18941'],
        ['mgos_mqtt_conn.c', 187, 'MQTT0 TCP connected error (111)'],
        ['mgos_mqtt_conn.c', 221, 'MQTT0 disconnected'],
        ['mgos_mqtt_conn.c', 527, 'MQTT0 connecting after N ms'],
      ],
    );
    assert.deepEqual(rig.events.filter((e) => e.ev !== 'cloud'), [], 'a session that never came up reaches no handler');
    // The core's cloud events are no MQTT handler's: CONNECTING, then (master) CONNECTERROR.
    assert.deepEqual(rig.events.flatMap((e) => (e.ev === 'cloud' ? [e.name] : [])), ['connecting', 'connecterror']);
  });

  it('waits 2, 4, 8, 16, 32, 60, 60 s (±10 %) and the attempts are that far apart', () => {
    const rig = makeRig({ seed: 7 });
    rig.start();
    runUntil(rig, '8 attempts', () => rig.attempts().length >= 8);
    const delays = rig.delays().slice(0, 7);
    assertFuzzedSchedule(delays, [2, 4, 8, 16, 32, 60, 60]);
    const attempts = rig.attempts();
    for (let i = 0; i < 7; i++) assert.equal(attempts[i + 1]!.t - attempts[i]!.t, delays[i]);
    assert.equal(rig.client.status().reconnect_timeout_ms, 60_000);
    assert.ok(attempts.every((a) => a.server === PRIMARY));
  });

  it('fuzzes with the seeded PRNG: same seed, same delays; another seed, other delays', () => {
    const run = (seed: number) => {
      const rig = makeRig({ seed });
      rig.start();
      runUntil(rig, '20 attempts', () => rig.attempts().length >= 20);
      return rig.delays().slice(0, 19);
    };
    const a = run(42);
    assert.deepEqual(run(42), a);
    assert.notDeepEqual(run(43), a);
    const sixties = a.slice(5);
    assert.ok(new Set(sixties).size > 5, `delays at the cap should vary: ${sixties.join(', ')}`);
    assertFuzzedSchedule(sixties, sixties.map(() => 60));
  });

  it('prints the 2.20.0 wording when that variant is selected', () => {
    const rig = makeRig({ logVariant: '2.20.0' });
    rig.start();
    rig.clock.advance(0);
    assert.deepEqual(
      rig.logs.slice(0, 3).map((l) => [l.line, l.message]),
      [
        [435, 'MQTT0 connecting to 127.0.0.1:1883'],
        [186, 'MQTT0 TCP connect error (111)'],
        [214, 'MQTT0 Disconnect'],
      ],
    );
  });
});

describe('failover between mqtt and mqtt1', () => {
  it('backup enabled and down: primary 2…60 → backup 4…60 → primary 4…', () => {
    const rig = makeRig({ mqtt1: backupOn });
    rig.start();
    runUntil(rig, '18 attempts', () => rig.attempts().length >= 18);
    const servers = rig.attempts().map((a) => (a.server === PRIMARY ? 'P' : 'B'));
    assert.equal(servers.slice(0, 18).join(''), 'PPPPPPPBBBBBPPPPPB'.slice(0, 18));
    assertFuzzedSchedule(rig.delays().slice(0, 17), [2, 4, 8, 16, 32, 60, 4, 8, 16, 32, 60, 4, 8, 16, 32, 60, 4]);
    assert.equal(rig.client.status().cfg, 'mqtt1');
  });

  it('backup up: after the primary reaches 60 s it connects to the backup after 4 s and stays', () => {
    const rig = makeRig({ mqtt1: backupOn });
    rig.net.serve(BACKUP, 'broker');
    rig.start();
    runUntil(rig, 'a CONNACK', () => rig.client.state === ConnState.Connected);
    assertFuzzedSchedule(rig.delays(), [2, 4, 8, 16, 32, 60, 4]);
    const status = rig.client.status();
    assert.equal(status.cfg, 'mqtt1');
    assert.equal(status.server, BACKUP);
    assert.equal(status.reconnect_timeout_ms, 0);
    // Connected to the backup, the connection drops: the same server again after 2 s.
    rig.net.last.closeFromBroker();
    runUntil(rig, 'the next attempt', () => rig.attempts().length >= 9);
    assertFuzzedSchedule(rig.delays().slice(7), [2]);
    assert.equal(rig.attempts().at(-1)!.server, BACKUP);
  });

  it('min 5, max 30: 5, 10, 20, 30 → switch → 10, 20, 30', () => {
    const bounds = { reconnect_timeout_min: 5, reconnect_timeout_max: 30 };
    const rig = makeRig({ mqtt: bounds, mqtt1: { ...backupOn, ...bounds } });
    rig.start();
    runUntil(rig, '9 attempts', () => rig.attempts().length >= 9);
    assertFuzzedSchedule(rig.delays().slice(0, 8), [5, 10, 20, 30, 10, 20, 30, 10]);
    assert.equal(rig.attempts().map((a) => (a.server === PRIMARY ? 'P' : 'B')).join('').slice(0, 9), 'PPPPPBBBP');
  });

  it('min 0.5: 2, 4, 8 … (the 1 s floor dominates), after a switch 1, 2, 4 …', () => {
    const bounds = { reconnect_timeout_min: 0.5 };
    const rig = makeRig({ mqtt: bounds, mqtt1: { ...backupOn, ...bounds } });
    rig.start();
    runUntil(rig, '11 attempts', () => rig.attempts().length >= 11);
    assertFuzzedSchedule(rig.delays().slice(0, 10), [2, 4, 8, 16, 32, 60, 1, 2, 4, 8]);
  });

  it('mqtt1 enabled without a server: the faithful board keeps trying the primary (the doc keeps the connection alive)', () => {
    const rig = makeRig({ mqtt1: { enable: true, server: '' } });
    rig.start();
    runUntil(rig, '10 attempts', () => rig.attempts().length >= 10);
    assertFuzzedSchedule(rig.delays().slice(0, 9), [2, 4, 8, 16, 32, 60, 60, 60, 60]);
    assert.ok(rig.attempts().every((a) => a.server === PRIMARY), JSON.stringify(rig.attempts()));
    assert.equal(rig.client.status().cfg, 'mqtt');
  });

  it('lib-silent-without-backup-server: after the switch no attempt is ever made again, as the library does', () => {
    const rig = makeRig({ mqtt1: { enable: true, server: '' }, personality: libSilentWithoutBackupServer });
    rig.start();
    runUntil(rig, 'the switch', () => rig.messages().includes('MQTT requires server name'));
    const attempts = rig.attempts().length;
    assert.equal(attempts, 7);
    rig.clock.advance(24 * 3600_000);
    rig.client.onIpAcquired();
    assert.equal(rig.attempts().length, attempts);
    assert.equal(rig.clock.pendingTimers, 0);
    assert.equal(rig.client.status().cfg, 'mqtt1');
  });
});

describe('what resets and what does not', () => {
  it('a CONNACK 0 resets rt: a drop after failures restarts at 2 s', () => {
    const rig = makeRig();
    rig.start();
    runUntil(rig, '4 attempts', () => rig.attempts().length >= 4);
    rig.net.serve(PRIMARY, 'broker');
    runUntil(rig, 'a CONNACK', () => rig.client.state === ConnState.Connected);
    assert.equal(rig.client.status().reconnect_timeout_ms, 0);
    rig.net.last.closeFromBroker();
    runUntil(rig, 'the next schedule', () => rig.delays().length >= 5);
    assertFuzzedSchedule(rig.delays(), [2, 4, 8, 16, 2]);
  });

  it('a refused CONNACK logs the code, reaches no handler and the schedule continues', () => {
    const rig = makeRig();
    rig.net.serve(PRIMARY, { mode: 'broker', connackCode: 5 });
    rig.start();
    runUntil(rig, '4 attempts', () => rig.attempts().length >= 4);
    rig.clock.advance(0);
    assert.ok(rig.messages().includes('MQTT0 CONNACK 5'));
    assert.equal(rig.logs.find((l) => l.message === 'MQTT0 CONNACK 5')!.line, 241);
    assertFuzzedSchedule(rig.delays().slice(0, 3), [2, 4, 8]);
    assert.deepEqual(rig.events.filter((e) => e.ev !== 'cloud'), []);
    // A refused CONNACK is no connect error: each attempt shows only its CONNECTING.
    assert.ok(rig.events.every((e) => e.ev !== 'cloud' || e.name === 'connecting'));
    assert.ok(rig.net.connections.every((c) => c.destroyed), 'the client closes every refused connection itself');
  });

  it('disconnect during backoff keeps the pending timer: that attempt happens and a failure restarts at 2 s', () => {
    const rig = makeRig();
    rig.start();
    runUntil(rig, '3 attempts', () => rig.attempts().length >= 3);
    rig.clock.advance(0);
    // Backoff of 8 s pending now.
    rig.client.disconnect();
    assert.equal(rig.client.status().reconnect_timeout_ms, -1);
    runUntil(rig, 'the pending attempt', () => rig.attempts().length >= 4);
    runUntil(rig, 'its schedule', () => rig.delays().length >= 4);
    assertFuzzedSchedule(rig.delays(), [2, 4, 8, 2]);
  });

  it('disconnect while connected sends DISCONNECT and nothing reconnects until connect()', () => {
    const rig = makeRig();
    rig.net.serve(PRIMARY, 'broker');
    rig.start();
    runUntil(rig, 'a CONNACK', () => rig.client.state === ConnState.Connected);
    const conn = rig.net.last;
    rig.client.disconnect();
    assert.equal(conn.sent('disconnect').length, 1);
    assert.ok(conn.ended && !conn.destroyed, 'DISCONNECT is flushed, not dropped');
    assert.deepEqual(rig.transcript.slice(-4), ['MQTT0 disconnect', 'MQTT0 disconnected', 'HIL {"ev":"cloud","name":"disconnected","mgos_ev":1297044229,"type":0,"t":0}', 'HIL {"ev":"close","t":0}']);
    rig.client.onIpAcquired();
    rig.clock.advance(3600_000);
    assert.equal(rig.attempts().length, 1);
    assert.equal(rig.client.connect(), true);
    runUntil(rig, 'a CONNACK', () => rig.client.state === ConnState.Connected);
    assert.equal(rig.attempts().length, 2);
  });

  it('"IP acquired" during backoff starts an attempt at once without resetting rt or cancelling the timer', () => {
    const rig = makeRig();
    rig.start();
    runUntil(rig, '3 attempts', () => rig.attempts().length >= 3);
    rig.clock.advance(1000);
    rig.client.onIpAcquired();
    rig.clock.advance(0);
    assert.equal(rig.attempts().length, 4);
    assert.equal(rig.attempts()[3]!.t, rig.attempts()[2]!.t + 1000);
    // Its failure re-arms the timer (replacing the old one) with rt doubled from 8 s.
    assertFuzzedSchedule(rig.delays(), [2, 4, 8, 16]);
  });

  it('reads mqtt.server live: a change takes effect at the next attempt', () => {
    const rig = makeRig();
    rig.start();
    rig.clock.advance(0);
    rig.config.mqtt.server = '127.0.0.1:2000';
    rig.net.serve('127.0.0.1:2000', 'broker');
    runUntil(rig, 'a CONNACK', () => rig.client.state === ConnState.Connected);
    assert.deepEqual(rig.attempts().map((a) => a.server), [PRIMARY, '127.0.0.1:2000']);
  });

  it('mqtt.enable=false at run time stops new attempts but keeps a live session', () => {
    const rig = makeRig();
    rig.net.serve(PRIMARY, 'broker');
    rig.start();
    runUntil(rig, 'a CONNACK', () => rig.client.state === ConnState.Connected);
    rig.config.mqtt.enable = false;
    rig.clock.advance(600_000);
    assert.equal(rig.client.state, ConnState.Connected);
    rig.net.last.closeFromBroker();
    rig.clock.advance(3600_000);
    assert.equal(rig.attempts().length, 1);
  });

  it('mqtt.enable=false at boot: no connection object, pub returns 0, enabling later changes nothing', () => {
    const rig = makeRig({ mqtt: { enable: false } });
    rig.start();
    rig.config.mqtt.enable = true;
    rig.client.onIpAcquired();
    assert.equal(rig.client.connect(), false);
    rig.clock.advance(600_000);
    assert.equal(rig.client.pub('t', 'x', 1), 0);
    assert.equal(rig.attempts().length, 0);
    assert.equal(rig.client.state, ConnState.NoConnection);
    assert.throws(() => rig.client.nextPacketId(), /no MQTT connection object/);
  });

  it('ssl_ca_cert without a port: 8883; a CA file missing from the board fails the attempt before TCP', () => {
    // mgos_mqtt_conn.c adds 8883; mg_ssl_if_conn_init's "Invalid SSL CA cert" makes
    // mg_connect_opt fail, which the library logs as "Error: …" and reschedules.
    const rig = makeRig({ mqtt: { server: '127.0.0.1', ssl_ca_cert: 'ca.pem' } });
    rig.start();
    runUntil(rig, '2 attempts', () => rig.attempts().length >= 2);
    assert.equal(rig.attempts()[0]!.server, '127.0.0.1:8883');
    assert.ok(rig.messages().some((m) => m === 'Error: Invalid SSL CA cert'));
    assert.equal(rig.net.connections.length, 0);
    assertFuzzedSchedule(rig.delays().slice(0, 1), [2]);
  });

  it('without a port and without TLS: 1883', () => {
    const rig = makeRig({ mqtt: { server: '127.0.0.1' } });
    rig.start();
    rig.clock.advance(0);
    assert.equal(rig.attempts()[0]!.server, '127.0.0.1:1883');
  });
});
