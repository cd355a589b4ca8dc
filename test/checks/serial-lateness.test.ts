/**
 * Serial lines timed by when they left the board: the lateness of a read is measured from
 * the board's own uptime stamps (`t` of its HIL event lines), so an attempt seen only on
 * serial is not moved by a chunk the pty or the host held back.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run as scheduleCheck } from '../../harness/checks/backoff/schedule.ts';
import { SERIAL_LATE_MS, serialSentTimes } from '../../harness/checks/observe/serial-lateness.ts';
import type { EventLine } from '../../harness/checks/observe/serial.ts';
import { TimelineBuilder } from './builders.ts';
import { onInput } from './on-input.ts';

const schedule = onInput(scheduleCheck);
const line = (t: number, deviceT: number): EventLine => ({ t, event: { ev: 'cloud', name: 'connecting', mgos_ev: 1297044230, type: 0, t: deviceT } as EventLine['event'], text: 'HIL {}', seq: 0 });

describe('serialSentTimes', () => {
  const ev = (t: number, deviceT: number, seq: number): EventLine => ({ ...line(t, deviceT), seq });
  it("times an event line by its own uptime against the boot's fastest delivery, in host ms at the time scale", () => {
    // Offsets (host − uptime ÷ 10): 500, 619, 500: the second read came 119 ms late.
    const sent = serialSentTimes([ev(1000, 5000, 0), ev(1619, 10_000, 1), ev(3000, 25_000, 2)], 10);
    assert.deepEqual([sent({ t: 1000, seq: 0 }), sent({ t: 1619, seq: 1 }), sent({ t: 3000, seq: 2 })], [1000, 1500, 3000]);
  });

  it('measures each boot on its own (the uptime restarts at a reboot)', () => {
    const sent = serialSentTimes([ev(1000, 900, 0), ev(2000, 1900, 1), ev(5000, 100, 2), ev(6100, 1100, 3)], 1);
    assert.deepEqual([sent({ t: 2000, seq: 1 }), sent({ t: 5000, seq: 2 }), sent({ t: 6100, seq: 3 })], [2000, 5000, 6000]);
  });

  it('gives a log line the time of the nearest event line of its read: two attempts in one read keep their gap', () => {
    // One read at 5807.6 (time scale 20): attempt 1 (uptime 10 000), then attempt 2 (uptime 12 109).
    const sent = serialSentTimes([ev(5000, 0, 0), ev(5807.6, 10_000, 3), ev(5807.6, 12_109, 7)], 20);
    const connectError1 = sent({ t: 5807.6, seq: 4 });
    const connectingTo2 = sent({ t: 5807.6, seq: 6 });
    assert.equal(connectError1, 5500);
    assert.ok(Math.abs(connectingTo2 - 5605.45) < 1e-6, String(connectingTo2));
  });

  it('moves nothing it cannot believe: a read without an event line, or one more than SERIAL_LATE_MS late', () => {
    const sent = serialSentTimes([ev(1000, 1000, 0), ev(5000, 2000, 1)], 1);
    assert.equal(sent({ t: 3000, seq: 5 }), 3000);
    assert.ok(5000 - 2000 > SERIAL_LATE_MS);
    assert.equal(sent({ t: 5000, seq: 2 }), 5000);
  });
});

/**
 * Seen in a 32-board qualification (time scale 1, v17, the @ws scenario): the chunk of the
 * first attempt on a closed port (`connecting to`, its cloud event with uptime 1483,
 * `TCP connect error (111)`, `connecting after 2131 ms`) reached the harness 619 ms late;
 * the next attempt's cloud event (uptime 3621) and accept came on time, 1518 ms after that
 * chunk's stamp. Taken at the read's stamp, the gap was 1521 ms and backoff.schedule failed
 * a faithful board (ε 211 ms).
 */
function lateChunk(opts: { withUptime: boolean; waitedMs: number }) {
  const b = new TimelineBuilder({ epsilonMs: 211 });
  const connecting = (uptime: number) => b.hil({ ev: 'cloud', name: 'connecting', mgos_ev: 1297044230, type: 0, t: uptime } as never);
  const sent = b.t;
  b.t = sent + 619; // one read, every line with its stamp
  if (opts.withUptime) connecting(sent);
  b.log(`MQTT0 connecting to ${b.address('mqtt')}`);
  b.log('MQTT0 TCP connected error (111)', 'mgos_mqtt_conn.c', 187);
  b.log('MQTT0 disconnected', 'mgos_mqtt_conn.c', 221);
  b.loggedDelay(2131);
  b.t = sent + opts.waitedMs;
  connecting(b.t);
  b.rst('mqtt');
  // A third attempt on time, so the schedule has two gaps to judge.
  b.tick().loggedDelay(4100).wait(4100);
  connecting(b.t);
  b.rst('mqtt');
  b.wait(3000);
  return b.build();
}

describe('backoff.schedule with a serial read held back', () => {
  it('passes the faithful board: its attempt is timed by when the lines left it, not by the late read', () => {
    const v = schedule(lateChunk({ withUptime: true, waitedMs: 2131 }));
    assert.equal(v.verdict, 'pass', v.reason);
  });

  it('without the board’s uptime in that read the lateness is unknown and the gap is as read: 1513 ms, a failure', () => {
    const v = schedule(lateChunk({ withUptime: false, waitedMs: 2131 }));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /gap before attempt 2 was 1513 ms/);
  });

  it('still fails a board that really waited too little (its uptime says so)', () => {
    const v = schedule(lateChunk({ withUptime: true, waitedMs: 1300 }));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /gap before attempt 2 was 1301 ms/);
  });
});
