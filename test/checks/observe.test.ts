import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run as scheduleCheck } from '../../harness/checks/backoff/schedule.ts';
import type { CheckInput } from '../../harness/checks/input.ts';
import { run as pubackUnmatchedCheck } from '../../harness/checks/delivery/puback-unmatched.ts';
import { observe } from '../../harness/checks/observe/observation.ts';
import { mqttSection } from '../../harness/virtual/config/schema.ts';
import type { TimelineEvent } from '../../harness/timeline/events.ts';
import { assertNothingToJudge } from './assert-verdict.ts';
import { TimelineBuilder } from './builders.ts';
import { onInput } from './on-input.ts';

const schedule = onInput(scheduleCheck);
const pubackUnmatched = onInput(pubackUnmatchedCheck);

/** Golden lines from the real library (fixtures/real-library-session.md), as a reader without `message` would give them. */
function serialOnly(lines: [number, string, string?][]): CheckInput {
  const events: TimelineEvent[] = lines.map(([t, text, type]) => ({ kind: 'serial', t, board: 'dut', line: { type: type ?? 'log', text } }));
  return {
    board: { name: 'dut', deviceId: 'esp32_1CA848', timeScale: 1, epsilonMs: 50 },
    config: { mqtt: mqttSection.parse({ enable: true, server: '127.0.0.1:18941' }), mqtt1: mqttSection.parse({ enable: true, server: '127.0.0.1:18942' }) },
    events,
    actions: [],
  };
}

describe('observing the serial log', () => {
  it('reads the real capture, master spelling', () => {
    const input = serialOnly([
      [0, 'mgos_mqtt_conn.c:442    MQTT0 connecting to 127.0.0.1:18941'],
      [1, 'mgos_mqtt_conn.c:187    MQTT0 TCP connected error (111)'],
      [2, 'mgos_mqtt_conn.c:221    MQTT0 disconnected'],
      [3, 'mgos_mqtt_conn.c:527    MQTT0 connecting after 1994 ms'],
      [1995, 'mgos_mqtt_conn.c:442    MQTT0 connecting to 127.0.0.1:18941'],
      [1996, 'mgos_mqtt_conn.c:187    MQTT0 TCP connected error (111)'],
      [1997, 'mgos_mqtt_conn.c:221    MQTT0 disconnected'],
      [1998, 'mgos_mqtt_conn.c:527    MQTT0 connecting after 4294 ms'],
      [6291, 'mgos_mqtt_conn.c:442    MQTT0 connecting to 127.0.0.1:18941'],
      [6292, 'mgos_mqtt_conn.c:187    MQTT0 TCP connected error (111)'],
    ]);
    const a = observe(input).attempts;
    assert.deepEqual(a.map((x) => [x.server, x.outcome, x.loggedDelay?.ms]), [['mqtt', 'fail', undefined], ['mqtt', 'fail', 1994], ['mqtt', 'fail', 4294]]);
    assert.equal(schedule(input).verdict, 'pass');
  });

  it('reads the 2.20.0 spelling and a session from serial alone', () => {
    const a = observe(serialOnly([
      [0, 'mgos_mqtt_conn.c:442    MQTT0 connecting to 127.0.0.1:18942'],
      [5, 'mgos_mqtt_conn.c:187    MQTT0 TCP connect ok (0)'],
      [9, 'mgos_mqtt_conn.c:241    MQTT0 CONNACK 0'],
      [5000, 'mgos_mqtt_conn.c:221    MQTT0 Disconnect'],
    ])).attempts;
    assert.deepEqual(a.map((x) => [x.server, x.outcome, x.connackCode, x.end]), [['mqtt1', 'session', 0, 5000]]);
  });

  it('parses HIL event lines given only as text, and ignores garbled ones', () => {
    const e = observe(serialOnly([
      [1, 'HIL {"ev":"msg","topic":"hil/in/x","msg":"hello","len":5,"qos":1,"dup":0,"retain":0,"packet_id":49558,"t":2299}', 'event'],
      [2, 'HIL {"ev":"msg", garbled', 'event'],
    ])).eventLines;
    assert.equal(e.length, 1);
    assert.equal(e[0]!.event.ev, 'msg');
  });
});

describe('pairing the serial log with the gate', () => {
  it('an attempt the gate accepted and reset before the device saw the connect complete is one attempt, not two', () => {
    // Seen on the virtual board against refuse-rst: the device reports the RST as a
    // connect error (104), yet the gate did accept the connection.
    const base = serialOnly([]);
    const input: CheckInput = {
      ...base,
      events: [
        { kind: 'serial', t: 845.3, board: 'dut', line: { type: 'log', text: 'mgos_mqtt_conn.c:442    MQTT0 connecting to 127.0.0.1:18941' } },
        { kind: 'tcp.accept', t: 846.0, broker: 'primary', conn: 3, remote: '127.0.0.1:50000' },
        { kind: 'tcp.close', t: 846.1, broker: 'primary', conn: 3, by: 'gate', how: 'rst' },
        { kind: 'serial', t: 847.6, board: 'dut', line: { type: 'log', text: 'mgos_mqtt_conn.c:187    MQTT0 TCP connected error (104)' } },
        { kind: 'serial', t: 848.1, board: 'dut', line: { type: 'log', text: 'mgos_mqtt_conn.c:221    MQTT0 disconnected' } },
      ],
    };
    const attempts = observe(input).attempts;
    assert.equal(attempts.length, 1, JSON.stringify(attempts, null, 1));
    assert.equal(attempts[0]!.start, 846.0);
    assert.equal(attempts[0]!.end, 846.1);
    assert.equal(attempts[0]!.outcome, 'fail');
  });
});

describe('connections from before the slice', () => {
  /**
   * After a reboot the previous boot's socket can stay open at the gate: the ESP32 sends
   * nothing on it, the broker keeps it until its keep-alive runs out or a takeover. Only
   * its later events are in the slice; its accept is not.
   */
  function rebootedWithOldSocket() {
    const b = new TimelineBuilder({ mqtt: { clean_session: false } });
    const old = b.carriedOver('mqtt');
    b.hil({ ev: 'boot', t: 0 });
    b.wait(50).packet(old, 'out', 'publish', { topic: 'hil/in/x', qos: 1, packetId: 12, payload: 'for the last boot' });
    const fresh = b.session('mqtt');
    b.tick().close(old, 'broker'); // the takeover: the broker drops the old session
    b.wait(3000);
    return { input: b.build(), old, fresh };
  }

  it('are not connections: their close and packets inside the slice are ignored', () => {
    const { input, old, fresh } = rebootedWithOldSocket();
    assert.ok(input.events.some((e) => e.kind === 'tcp.close' && e.conn === old.conn), 'the old socket\'s close is in the input');
    assert.deepEqual(observe(input).connections.map((c) => c.conn), [fresh.conn]);
    assert.deepEqual(observe(input).sessions.map((c) => c.conn), [fresh.conn]);
    assert.equal(observe(input).attempts.length, 1);
  });

  it('give a check nothing to judge: an unacknowledged message on the old socket is no missing PUBACK', () => {
    assertNothingToJudge(pubackUnmatched(rebootedWithOldSocket().input));
  });
});
