/**
 * The JS side of the test firmware (firmware/fs/init.js) speaks the contract in
 * harness/contract/hil.ts. The script runs here, in a sandbox that stands in for mJS and
 * for the libraries it loads: print and JSON.stringify as mJS does them (mjs-model.ts),
 * RPC.addHandler's call path as api_rpc.js has it (args parsed, an `{error: number}`
 * answer sent as an error, anything else stringified), and an MQTT object that answers
 * as api_mqtt.js's ffi declarations do (MQTT.pub: mgos_mqtt_pub's packet id as an int).
 * Every reply and every printed line is checked against the contract's schemas.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { runInNewContext } from 'node:vm';
import type * as z from 'zod';
import { HIL_EVENT_PREFIX, type HilMethod, hilEvent, hilMethodNames, hilMethods } from '../../harness/contract/hil.ts';
import { mjsPrint, mjsStringify } from './mjs-model.ts';

const script = readFileSync(new URL('../../firmware/fs/init.js', import.meta.url), 'utf8');

type Handler = (args: unknown, src: string, ud: unknown) => unknown;
type MsgCb = (conn: unknown, topic: string, msg: string, ud: unknown) => void;
type EvCb = (conn: unknown, ev: number, edata: unknown, ud: unknown) => void;

interface Reply {
  error?: { code: number; message: string };
  result?: unknown;
}

/** One boot of the script: what it registered, what it printed, what it asked the library. */
function boot(lib: { packetId?: number; connected?: boolean } = {}) {
  const handlers = new Map<string, Handler>();
  const loaded: string[] = [];
  const out: string[] = [];
  const pubs: unknown[][] = [];
  const subs: { topic: string; cb: MsgCb }[] = [];
  const eventHandlers: EvCb[] = [];
  const sandbox = {
    load: (name: string) => loaded.push(name),
    print: (...args: unknown[]) => out.push(mjsPrint(args)),
    JSON: { stringify: mjsStringify, parse: JSON.parse },
    RPC: { addHandler: (name: string, cb: Handler) => handlers.set(name, cb) },
    Sys: { uptime: () => 12.3456 },
    MQTT: {
      pub: (...args: unknown[]) => {
        pubs.push(args);
        return lib.packetId ?? 7;
      },
      sub: (topic: string, cb: MsgCb) => subs.push({ topic, cb }),
      isConnected: () => lib.connected ?? true,
      setEventHandler: (cb: EvCb) => eventHandlers.push(cb),
    },
  };
  runInNewContext(script, sandbox, { filename: 'init.js' });

  /** RPC._ahcb of api_rpc.js: JSON.parse(args || 'null'), then the answer's shape decides. */
  function call(method: string, params?: unknown): Reply {
    const cb = handlers.get(method);
    assert.ok(cb, `init.js registers no ${method}`);
    const resp = cb(JSON.parse(params === undefined ? 'null' : JSON.stringify(params)), 'test', null) ?? null;
    if (typeof resp === 'object' && resp !== null && typeof (resp as { error?: unknown }).error === 'number') {
      const e = resp as { error: number; message?: string };
      return { error: { code: e.error, message: e.message ?? '' } };
    }
    return { result: JSON.parse(mjsStringify(resp)) };
  }

  /** The HIL lines printed since the last take, parsed and checked. */
  function events(): z.infer<typeof hilEvent>[] {
    const lines = out.splice(0);
    return lines.map((line) => {
      assert.ok(line.startsWith(HIL_EVENT_PREFIX + '{'), `not an event line: ${line}`);
      return hilEvent.parse(JSON.parse(line.slice(HIL_EVENT_PREFIX.length)));
    });
  }
  return { handlers, loaded, out, pubs, subs, eventHandlers, call, events };
}

function resultOf(method: HilMethod, reply: Reply): unknown {
  assert.equal(reply.error, undefined, `${method} failed: ${reply.error?.message}`);
  return hilMethods[method].result.parse(reply.result);
}

const jsMethods = hilMethodNames.filter((m) => m.startsWith('HIL.JS.'));

describe('firmware/fs/init.js', () => {
  test('loads the library JS it uses and registers exactly the HIL.JS.* methods of the contract', () => {
    const b = boot();
    assert.deepEqual(b.loaded.sort(), ['api_mqtt.js', 'api_rpc.js', 'api_sys.js']);
    assert.deepEqual([...b.handlers.keys()].sort(), [...jsMethods].sort());
    assert.ok(jsMethods.length === 4, 'the contract names four JS methods');
  });

  test('HIL.JS.Pub hands MQTT.pub its arguments, answers and prints what MQTT.pub returned', () => {
    const b = boot({ packetId: 4242 });
    // impl (api_mqtt.js): MQTT.pub returns mgos_mqtt_pub's packet id through an int ffi.
    assert.deepEqual(resultOf('HIL.JS.Pub', b.call('HIL.JS.Pub', { topic: 'hil/js/a', message: 'x "y"', qos: 1, retain: true })), { result: 4242 });
    assert.deepEqual(b.pubs[0], ['hil/js/a', 'x "y"', 1, true]);
    const [e] = b.events();
    assert.deepEqual(e, { ev: 'js_pub', result: 4242, topic: 'hil/js/a', qos: 1, t: 12345.6 });
    // Without qos and retain the script passes undefined: MQTT.pub's own defaults (0, false) apply.
    b.call('HIL.JS.Pub', { topic: 'hil/js/b', message: '' });
    assert.deepEqual(b.pubs[1], ['hil/js/b', '', undefined, undefined]);
    assert.equal((b.events()[0] as { qos: number }).qos, 0);
  });

  test('bad params are error 400 naming the method and the field', () => {
    const b = boot();
    const cases: [HilMethod, unknown, RegExp][] = [
      ['HIL.JS.Pub', undefined, /^HIL\.JS\.Pub: params/],
      ['HIL.JS.Pub', { message: 'm' }, /^HIL\.JS\.Pub: topic/],
      ['HIL.JS.Pub', { topic: '', message: 'm' }, /^HIL\.JS\.Pub: topic/],
      ['HIL.JS.Pub', { topic: 't' }, /^HIL\.JS\.Pub: message/],
      ['HIL.JS.Pub', { topic: 't', message: 'm', qos: 3 }, /^HIL\.JS\.Pub: qos/],
      ['HIL.JS.Pub', { topic: 't', message: 'm', retain: 1 }, /^HIL\.JS\.Pub: retain/],
      ['HIL.JS.Sub', {}, /^HIL\.JS\.Sub: topic/],
    ];
    for (const [method, params, message] of cases) {
      const reply = b.call(method, params);
      assert.equal(reply.error?.code, 400, `${method} ${JSON.stringify(params)}`);
      assert.match(reply.error.message, message);
      // The contract refuses the same params before they are sent.
      assert.equal(hilMethods[method].params.safeParse(params ?? null).success, false, `${method} ${JSON.stringify(params)}`);
    }
    assert.equal(b.pubs.length + b.subs.length, 0, 'nothing reached the library');
  });

  test("HIL.JS.Sub subscribes through MQTT.sub; its handler's call prints a js_msg line", () => {
    const b = boot();
    resultOf('HIL.JS.Sub', b.call('HIL.JS.Sub', { topic: 'hil/js/#' }));
    assert.deepEqual(b.events(), [{ ev: 'js_sub', topic: 'hil/js/#', t: 12345.6 }]);
    assert.equal(b.subs[0]?.topic, 'hil/js/#');
    b.subs[0]!.cb({}, 'hil/js/x', 'payload \\ "q"', null);
    assert.deepEqual(b.events(), [{ ev: 'js_msg', topic: 'hil/js/x', msg: 'payload \\ "q"', len: 13, t: 12345.6 }]);
  });

  test('HIL.JS.IsConnected answers what MQTT.isConnected returned', () => {
    for (const connected of [true, false]) {
      assert.deepEqual(resultOf('HIL.JS.IsConnected', boot({ connected }).call('HIL.JS.IsConnected', {})), { connected });
    }
  });

  test('HIL.JS.SetEventHandler adds one handler, which prints every event but POLL', () => {
    const b = boot();
    assert.deepEqual(resultOf('HIL.JS.SetEventHandler', b.call('HIL.JS.SetEventHandler', {})), { added: true });
    assert.deepEqual(resultOf('HIL.JS.SetEventHandler', b.call('HIL.JS.SetEventHandler', {})), { added: false });
    assert.equal(b.eventHandlers.length, 1);
    // MG_EV_POLL 0, CLOSE 5, MQTT CONNACK 202, PUBACK 204 (mongoose.h event numbers).
    for (const ev of [0, 202, 0, 204, 5]) b.eventHandlers[0]!({}, ev, null, null);
    assert.deepEqual(b.events().map((e) => (e as { mg_ev: number }).mg_ev), [202, 204, 5]);
  });
});

describe('the mJS output rules the JS contract depends on', () => {
  test('print adds a space after each argument; JSON.stringify writes the newest property first', () => {
    // cesanta/mjs mjs_builtin.c (mjs_print) and mjs_object.c (properties list, head insert).
    assert.equal(mjsPrint(['HIL ' + mjsStringify({ ev: 'js_sub', t: 1.5 })]), 'HIL {"t":1.500000,"ev":"js_sub"} \n');
  });

  test('a non-ASCII or \\v character makes a JS event line invalid JSON, so the contract refuses them', () => {
    // mjs_util.c prints non-printable bytes as \xNN; mjs_json.c writes 0x0b as \v: neither is JSON.
    for (const message of ['é', 'a\vb']) {
      const line = mjsPrint(['HIL ' + mjsStringify({ ev: 'js_msg', topic: 't', msg: message, len: 1, t: 1 })]);
      assert.throws(() => JSON.parse(line.slice(HIL_EVENT_PREFIX.length)), SyntaxError, JSON.stringify(line));
      assert.equal(hilMethods['HIL.JS.Pub'].params.safeParse({ topic: 't', message }).success, false);
    }
    // A tab or newline is escaped as JSON knows it (\t, \n) and would parse; the contract keeps to printable ASCII anyway.
    assert.equal(JSON.parse(mjsStringify('a\tb\nc')), 'a\tb\nc');
  });
});
