/**
 * The cloud events of the virtual board's library (mgos_mqtt_conn.c) and the firmware's
 * `cloud` lines: CONNECTING on every attempt; CONNECTED / DISCONNECTED and (after 2.20.0)
 * CONNECTERROR only with `cloud_events`; never for a refused CONNACK.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cloudEventNumbers } from '../../../harness/contract/hil.ts';
import { ConnState } from '../../../harness/virtual/mqtt/connection-state.ts';
import { builtInPersonality, faithful, type Personality } from '../../../harness/virtual/personalities/index.ts';
import type { LogVariant } from '../../../harness/virtual/mqtt/log-lines.ts';
import { makeRig, PRIMARY, type Rig, runUntil } from './rig.ts';

const cloudNames = (rig: Rig) => rig.events.flatMap((e) => (e.ev === 'cloud' ? [e.name] : []));

/** A refused TCP connect, a CONNACK 5, a session the broker closes, the next session. */
function story(cloudEvents: boolean, variant: LogVariant = 'master', personality: Personality = faithful): Rig {
  const rig = makeRig({ mqtt: { cloud_events: cloudEvents }, logVariant: variant, personality });
  rig.start();
  runUntil(rig, 'the refused attempt', () => rig.attempts().length === 1 && rig.client.state === ConnState.Offline);
  rig.net.serve(PRIMARY, { mode: 'broker', connackCode: 5 });
  runUntil(rig, 'the CONNACK 5 attempt', () => rig.attempts().length === 2 && rig.client.state === ConnState.Offline);
  rig.net.serve(PRIMARY, 'broker');
  runUntil(rig, 'a session', () => rig.client.state === ConnState.Connected);
  rig.net.last.closeFromBroker();
  runUntil(rig, 'the next session', () => rig.attempts().length === 4 && rig.client.state === ConnState.Connected);
  return rig;
}

describe('cloud events', () => {
  it('master, cloud_events true: CONNECTERROR for the refused connect only, CONNECTED/DISCONNECTED per session', () => {
    assert.deepEqual(cloudNames(story(true)), [
      'connecting', 'connecterror',
      'connecting',
      'connecting', 'connected', 'disconnected',
      'connecting', 'connected',
    ]);
  });

  it('cloud_events false: CONNECTING only, one per attempt', () => {
    assert.deepEqual(cloudNames(story(false)), ['connecting', 'connecting', 'connecting', 'connecting']);
  });

  it('release 2.20.0 has no CONNECTERROR', () => {
    assert.deepEqual(cloudNames(story(true, '2.20.0')), ['connecting', 'connecting', 'connecting', 'connected', 'disconnected', 'connecting', 'connected']);
  });

  it('lines carry the core event numbers and MGOS_CLOUD_MQTT; CONNECTED before the re-subscriptions and the connack line', () => {
    const rig = makeRig({});
    rig.net.serve(PRIMARY, 'broker');
    rig.start();
    rig.client.sub('hil/a');
    runUntil(rig, 'a session', () => rig.client.state === ConnState.Connected);
    for (const e of rig.events) if (e.ev === 'cloud') assert.deepEqual([e.mgos_ev, e.type], [cloudEventNumbers[e.name], 0]);
    const at = (re: RegExp) => rig.transcript.findIndex((l) => re.test(l));
    assert.ok(at(/^MQTT0 connecting to /) < at(/"name":"connecting"/));
    assert.ok(at(/^MQTT0 CONNACK 0$/) < at(/"name":"connected"/));
    assert.ok(at(/"name":"connected"/) < at(/^MQTT0 sub hil\/a @ 1$/));
    assert.ok(at(/^MQTT0 sub hil\/a @ 1$/) < at(/"ev":"connack"/));
  });

  it('cloud-events-ignore-config fires CONNECTED/DISCONNECTED with cloud_events false, no CONNECTERROR', () => {
    assert.deepEqual(cloudNames(story(false, 'master', builtInPersonality('cloud-events-ignore-config'))), [
      'connecting', 'connecting', 'connecting', 'connected', 'disconnected', 'connecting', 'connected',
    ]);
  });
});
