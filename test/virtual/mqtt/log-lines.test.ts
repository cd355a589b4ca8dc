/**
 * The virtual board writes the library's log lines with its own strings; this holds every
 * line it can print, in both wordings, to exactly one of the harness's library-log
 * patterns — the ones golden-tested on the real library's lines (test/contract/) — so
 * what the simulator prints and what the checks read cannot drift apart.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type LibraryLineKind, libraryLog } from '../../../harness/contract/library-log.ts';
import { LibraryLog, type LogVariant } from '../../../harness/virtual/mqtt/log-lines.ts';

type Method = Exclude<keyof LibraryLog, 'constructor'>;

/** Each printing method, called with arguments that exercise its variable parts, and the kind it prints. */
const calls: Record<Method, { call: (log: LibraryLog) => void; kind: LibraryLineKind }[]> = {
  connectingTo: [{ call: (l) => l.connectingTo('127.0.0.1:18941'), kind: 'connectingTo' }],
  tcpConnected: [
    { call: (l) => l.tcpConnected(0), kind: 'tcpOk' },
    { call: (l) => l.tcpConnected(111), kind: 'tcpError' },
    { call: (l) => l.tcpConnected(-14), kind: 'tcpError' },
    { call: (l) => l.tcpConnected(0, 'WS'), kind: 'wsConnected' },
  ],
  wsTcpConnect: [
    { call: (l) => l.wsTcpConnect(0), kind: 'tcpOk' },
    { call: (l) => l.wsTcpConnect(111), kind: 'tcpError' },
  ],
  wsHandshake: [{ call: (l) => l.wsHandshake('/hil/mqtt'), kind: 'wsHandshake' }],
  connectError: [{ call: (l) => l.connectError('Invalid SSL CA cert'), kind: 'connectError' }],
  connack: [
    { call: (l) => l.connack(0), kind: 'connack' },
    { call: (l) => l.connack(5), kind: 'connack' },
  ],
  sub: [{ call: (l) => l.sub('hil/in/#', 1), kind: 'sub' }],
  unsub: [{ call: (l) => l.unsub('devices/esp32_1CA848/cmd'), kind: 'unsub' }],
  closed: [{ call: (l) => l.closed(), kind: 'disconnected' }],
  explicitDisconnect: [{ call: (l) => l.explicitDisconnect(), kind: 'explicitDisconnect' }],
  connectingAfter: [{ call: (l) => l.connectingAfter(1994), kind: 'connectingAfter' }],
  queueOverflow: [{ call: (l) => l.queueOverflow(), kind: 'queueOverflow' }],
  serverRequired: [{ call: (l) => l.serverRequired(), kind: 'serverRequired' }],
  timeNotSet: [{ call: (l) => l.timeNotSet(), kind: 'timeNotSet' }],
  pub: [
    { call: (l) => l.pub(3, 'devices/esp32_1CA848/state', 1, false, false, Buffer.from('{"on":true}')), kind: 'pub' },
    { call: (l) => l.pub(4, 't', 1, true, true, Buffer.from('a]b\nc')), kind: 'pub' },
  ],
  acked: [{ call: (l) => l.acked(3), kind: 'ack' }],
  queueDrained: [{ call: (l) => l.queueDrained(), kind: 'queueDrained' }],
  sendPingreq: [{ call: (l) => l.sendPingreq(), kind: 'sendPingreq' }],
  pingTimeout: [{ call: (l) => l.pingTimeout(), kind: 'pingTimeout' }],
  recvLimitExceeded: [{ call: (l) => l.recvLimitExceeded(4096, 3072), kind: 'recvLimitExceeded' }],
  malformed: [{ call: (l) => l.malformed('bad remaining length'), kind: 'malformed' }],
  mbedtlsError: [{ call: (l) => l.mbedtlsError('-0x2700'), kind: 'mbedtlsError' }],
};

function printed(variant: LogVariant, call: (log: LibraryLog) => void): string[] {
  const out: string[] = [];
  call(new LibraryLog((_file, _line, message) => out.push(message), variant));
  return out;
}

describe('the virtual board\'s library log lines', () => {
  it('every printing method of LibraryLog is covered here', () => {
    const methods = Object.getOwnPropertyNames(LibraryLog.prototype).filter((m) => m !== 'constructor').sort();
    assert.deepEqual(methods, Object.keys(calls).sort());
  });

  for (const variant of ['master', '2.20.0'] as const) {
    for (const [method, cases] of Object.entries(calls)) {
      it(`${variant}: ${method} prints lines that match exactly one pattern, the right one`, () => {
        for (const c of cases) {
          const lines = printed(variant, c.call);
          // 2.20.0 prints no line for an explicit disconnect; every other call prints one.
          assert.equal(lines.length, variant === '2.20.0' && method === 'explicitDisconnect' ? 0 : 1, method);
          for (const line of lines) {
            const matching = Object.entries(libraryLog).filter(([, re]) => re.test(line)).map(([k]) => k);
            assert.deepEqual(matching, [c.kind], line);
          }
        }
      });
    }
  }

  it('prints master\'s and 2.20.0\'s own wordings where they differ', () => {
    assert.deepEqual(printed('master', (l) => l.tcpConnected(0)), ['MQTT0 TCP connected ok (0)']);
    assert.deepEqual(printed('2.20.0', (l) => l.tcpConnected(0)), ['MQTT0 TCP connect ok (0)']);
    assert.deepEqual(printed('master', (l) => l.closed()), ['MQTT0 disconnected']);
    assert.deepEqual(printed('2.20.0', (l) => l.closed()), ['MQTT0 Disconnect']);
  });
});
