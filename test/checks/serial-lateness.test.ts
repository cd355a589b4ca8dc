/**
 * Serial lines timed by when they left the board: the lateness of a read is measured from
 * the board's own uptime stamps (`t` of its HIL event lines), so an attempt seen only on
 * serial is not moved by a chunk the pty or the host held back.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run as scheduleCheck } from '../../harness/checks/backoff/schedule.ts';
import { deliveredAt, MAX_CORRECTED_LATE_MS, serialLateness } from '../../harness/checks/observe/serial-lateness.ts';
import type { EventLine } from '../../harness/checks/observe/serial.ts';
import { TimelineBuilder } from './builders.ts';
import { onInput } from './on-input.ts';

const schedule = onInput(scheduleCheck);
const line = (t: number, deviceT: number): EventLine => ({ t, event: { ev: 'cloud', name: 'connecting', mgos_ev: 1297044230, type: 0, t: deviceT } as EventLine['event'], text: 'HIL {}', seq: 0 });

describe('serialLateness', () => {
  it('measures each read against the fastest delivery of its boot, in host ms at the time scale', () => {
    const late = serialLateness([line(1000, 5000), line(1619, 10_000), line(3000, 25_000)], 10);
    // Offsets (host − uptime ÷ 10): 500, 619, 500: the second read came 119 ms late.
    assert.deepEqual([...late].map(([t, l]) => [t, Math.round(l * 10) / 10]), [[1000, 0], [1619, 119], [3000, 0]]);
  });

  it('measures each boot on its own (the uptime restarts at a reboot)', () => {
    const late = serialLateness([line(1000, 900), line(2000, 1900), line(5000, 100), line(6100, 1100)], 1);
    assert.deepEqual([...late.values()], [0, 0, 0, 100]);
  });

  it('corrects only what it can believe: nothing for an unknown read, nor beyond MAX_CORRECTED_LATE_MS', () => {
    const late = new Map([[100, 40], [200, MAX_CORRECTED_LATE_MS + 1]]);
    assert.equal(deliveredAt(late, 100), 60);
    assert.equal(deliveredAt(late, 150), 150);
    assert.equal(deliveredAt(late, 200), 200);
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
