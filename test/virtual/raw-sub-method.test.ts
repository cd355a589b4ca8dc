/**
 * HIL.RawSub and HIL.GlobalConn on the virtual board: the raw_ev lines it prints for what
 * the MQTT client tells the raw handler have the firmware's shape (on_raw_event in
 * firmware/src/hil_mqtt.c, whose lines the host check prints:
 * `{"ev": "raw_ev", "mg_ev": 203, "filter": …, "topic": …, "qos": 1, "packet_id": 10, "len": 7, "t": …}`,
 * a SUBACK with its packet_id only), and both replies are the contract's.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hilEvent, hilMethods } from '../../harness/contract/hil.ts';
import type { VirtualBoard } from '../../harness/virtual/board.ts';
import { registerHilMethods } from '../../harness/virtual/methods/hil.ts';
import type { RawHandler } from '../../harness/virtual/mqtt/mg-events.ts';
import type { Dispatcher } from '../../harness/virtual/rpc/dispatcher.ts';

function board() {
  const handlers = new Map<string, (params: unknown) => unknown>();
  const rpc = { register: (name: string, fn: (params: unknown) => unknown) => handlers.set(name, fn) } as unknown as Dispatcher;
  const events: unknown[] = [];
  const raw: Array<{ topic: string; handler: RawHandler }> = [];
  const b = {
    mqtt: {
      personality: {},
      rawSub: (topic: string, handler: RawHandler) => raw.push({ topic, handler }),
      hasGlobalConn: () => true,
      status: () => ({ connected: false }),
    },
    event: (e: unknown) => events.push(e),
    clock: { now: () => 1500 },
  } as unknown as VirtualBoard;
  registerHilMethods(rpc, b);
  return { call: (m: string, p: unknown) => handlers.get(m)!(p), events, raw };
}

describe('HIL.RawSub and HIL.GlobalConn on the virtual board', () => {
  it('subscribes with a raw handler whose lines have the firmware\'s fields', () => {
    const b = board();
    assert.deepEqual(b.call('HIL.RawSub', { topic: 'hil/raw/+' }), {});
    assert.equal(b.raw.length, 1);
    b.raw[0]!.handler(209, { packetId: 9 });
    b.raw[0]!.handler(203, { topic: 'hil/raw/x', qos: 1, packetId: 10, len: 7 });
    assert.deepEqual(b.events, [
      { ev: 'raw_sub', topic: 'hil/raw/+', t: 1500 },
      { ev: 'raw_ev', mg_ev: 209, filter: 'hil/raw/+', packet_id: 9, t: 1500 },
      { ev: 'raw_ev', mg_ev: 203, filter: 'hil/raw/+', topic: 'hil/raw/x', qos: 1, packet_id: 10, len: 7, t: 1500 },
    ]);
    for (const e of b.events) assert.ok(hilEvent.safeParse(e).success, JSON.stringify(e));
    assert.throws(() => b.call('HIL.RawSub', { topic: '' }), /HIL.RawSub/);
  });

  it('GlobalConn answers whether a socket exists and is_connected, as the contract has them', () => {
    const r = board().call('HIL.GlobalConn', {});
    assert.deepEqual(r, { conn: true, connected: false });
    assert.ok(hilMethods['HIL.GlobalConn'].result.safeParse(r).success);
  });
});
