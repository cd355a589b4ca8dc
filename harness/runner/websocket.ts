/**
 * MQTT over WebSocket for scenarios: fixtures on top of harness/runner/fixtures.ts.
 * Worker-scoped: a WebSocket listener in front of each broker's fault gate (bound like the
 * TCP and TLS ports on the lab's `brokers.bind`, on a free port, so every fault acts on it
 * too). Test-scoped: `ws`, a WsScenario, which says which path each gate serves and names
 * the WebSocket port by the address the boards use; the path goes back to the default
 * after the scenario.
 */
import type { WsListener } from '../brokers/ws-listener.ts';
import { DEFAULT_WS_PATH } from '../brokers/ws-listener.ts';
import type { Broker } from '../brokers/broker.ts';
import type { BrokerName } from '../timeline/events.ts';
import { test as base } from './fixtures.ts';
import type { Scenario } from './scenario.ts';

export class WsScenario {
  constructor(
    readonly scenario: Scenario,
    readonly listeners: Record<BrokerName, WsListener>,
    readonly host: string,
  ) {}

  /** The path the gate of `broker` upgrades at from now on (live connections keep theirs). */
  serve(broker: BrokerName, path: string): void {
    this.listeners[broker].setPath(path);
    this.scenario.note('ws path', { broker, path });
  }

  /** host:port of the WebSocket port of `broker`, by the address the boards use. */
  server(broker: BrokerName): string {
    return `${this.host}:${this.listeners[broker].port}`;
  }
}

async function addWs(broker: Broker): Promise<WsListener> {
  return broker.ws ?? (await broker.addWsListener());
}

export const test = base.extend<{ ws: WsScenario }, { wsListeners: Record<BrokerName, WsListener> }>({
  wsListeners: [async ({ brokers }, use) => use({ primary: await addWs(brokers.primary), backup: await addWs(brokers.backup) }), { scope: 'worker' }],
  ws: async ({ scenario, wsListeners, labHost }, use) => {
    await use(new WsScenario(scenario, wsListeners, labHost));
    for (const listener of Object.values(wsListeners)) listener.setPath(DEFAULT_WS_PATH);
  },
});

export { expect } from './fixtures.ts';
