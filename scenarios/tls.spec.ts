/**
 * @tls: TLS, mutual TLS and pre-shared keys, as the library's docs tell users to set them
 * (ssl_ca_cert, ssl_cert/ssl_key, ssl_psk_identity/ssl_psk_key), against a TLS port in
 * front of each fault gate. Certificates come from the per-run test PKI (or the lab's
 * files); the board gets them by FS.Put before setup.
 */
import type { BrokerName } from '../harness/timeline/events.ts';
import type { Scenario } from '../harness/runner/scenario.ts';
import { BOARD_FILES, type TlsScenario, test } from '../harness/runner/tls.ts';

const BOARD_KEY = BOARD_FILES.key;
const S = 1000;

/** Device ms for the first `n` nominal delays of the default schedule, with room for fuzz and boot. */
function scheduleMs(n: number): number {
  const delays = [2, 4, 8, 16, 32, 60];
  return 1.15 * 1000 * delays.slice(0, n).reduce((a, b) => a + b, 0) + 5_000;
}

/** `count` attempts on the TLS port of `broker`, seen at the gate and in the board's log. */
async function tlsAttempts(scenario: Scenario, tls: TlsScenario, broker: BrokerName, count: number, deviceMs: number): Promise<void> {
  let seen = 0;
  const port = tls.listeners[broker].port;
  await scenario.waitFor((e) => e.kind === 'tls.handshake' && e.broker === broker && ++seen >= count, deviceMs, `${count} TLS handshakes on ${broker}`);
  await scenario.waitForSerialAttempts(count, 2_000, `:${port}`);
}

test.describe('@tls tls', () => {
  test.beforeEach(async ({ tls }) => {
    await tls.putBoardFiles();
  });

  test('@tls server authentication: with the CA that issued the broker\'s certificate the board connects over TLS', async ({ scenario, tls }) => {
    tls.present('primary', 'trusted');
    await scenario.verifying(['tls.server-auth'], async () => {
      await scenario.setup({ mqtt: { server: tls.server('primary'), ...tls.settings({ ca: true }) } });
      await scenario.waitForSession('primary', 10_000);
    });
  });

  for (const [certificate, what] of [
    ['unrelated-ca', 'a certificate from an unrelated CA'],
    ['expired', 'an expired certificate'],
    ['wrong-name', 'a certificate for another name'],
  ] as const) {
    test(`@tls server authentication: ${what} fails the handshake, and the schedule goes on`, async ({ scenario, tls }) => {
      tls.present('primary', certificate);
      await scenario.verifying(['tls.server-auth', 'tls.failure-log'], async () => {
        await scenario.setup({ mqtt: { server: tls.server('primary'), ...tls.settings({ ca: true }) } });
        await tlsAttempts(scenario, tls, 'primary', 3, scheduleMs(2));
      });
    });
  }

  // mongoose 6.18 gives mbedTLS a server name only for a host it resolves by DNS (impl.tls.server-name):
  // dialled by IP address, the certificate's names are not checked, only its issuer and dates.
  test('@tls server authentication: dialled by IP address, a certificate for another name is accepted', async ({ scenario, tls }) => {
    const server = tls.serverByIp('primary');
    test.skip(server === undefined, 'the lab names this host by DNS only (lab config host): no IP address to dial');
    tls.present('primary', 'wrong-name');
    await scenario.verifying(['tls.server-auth'], async () => {
      await scenario.setup({ mqtt: { server: server!, ...tls.settings({ ca: true }) } });
      await scenario.waitForSession('primary', 10_000);
    });
  });

  test('@tls mutual TLS: a broker that requires a client certificate refuses a board without one', async ({ scenario, tls }) => {
    tls.present('primary', 'trusted', { clientCert: 'required' });
    await scenario.verifying(['tls.mutual', 'tls.failure-log'], async () => {
      await scenario.setup({ mqtt: { server: tls.server('primary'), ...tls.settings({ ca: true }) } });
      await tlsAttempts(scenario, tls, 'primary', 3, scheduleMs(2));
    });
  });

  test('@tls mutual TLS: and accepts the board with ssl_cert and ssl_key', async ({ scenario, tls }) => {
    tls.present('primary', 'trusted', { clientCert: 'required' });
    await scenario.verifying(['tls.mutual'], async () => {
      await scenario.setup({ mqtt: { server: tls.server('primary'), ...tls.settings({ ca: true, clientCert: true }) } });
      await scenario.waitForSession('primary', 10_000);
    });
  });

  // mongoose 6.18 mg_use_cert: "if (key == NULL) key = cert" (an empty mos string is NULL): the key is read from the certificate's file.
  test('@tls mutual TLS: the key in the certificate\'s file, ssl_key empty, as mongoose falls back to', async ({ scenario, tls }) => {
    tls.present('primary', 'trusted', { clientCert: 'required' });
    await scenario.verifying(['tls.mutual'], async () => {
      await scenario.setup({ mqtt: { server: tls.server('primary'), ...tls.settings({ ca: true, clientCert: 'combined' }) } });
      await scenario.waitForSession('primary', 10_000);
    });
  });

  // mongoose 6.18 mg_use_cert / mg_use_ca_cert (impl.tls.load-files): a file that does not parse fails
  // mg_connect_opt with "Invalid SSL key" (or cert, or CA cert), logged as "Error: …", and no socket is opened.
  test('@tls broken files: a key file, then a CA file, that does not parse stops every attempt before any socket', async ({ scenario, tls }) => {
    tls.present('primary', 'trusted', { clientCert: 'required' });
    await tls.putBrokenFile('broken.pem');
    await scenario.verifying(['tls.bad-files'], async () => {
      const port = `:${tls.listeners.primary.port}`;
      await scenario.setup({ mqtt: { server: tls.server('primary'), ...tls.settings({ ca: true, clientCert: true }), ssl_key: 'broken.pem' } });
      await scenario.waitForSerialAttempts(2, scheduleMs(1), port);
      // The settings are read live: the next attempt loads the key again, and the broken CA file.
      await scenario.configure({ mqtt: { ssl_key: BOARD_KEY, ssl_ca_cert: 'broken.pem' } });
      await scenario.waitForSerialAttempts(4, scheduleMs(3), port);
      // Whole files again: the board gets through.
      await scenario.configure({ mqtt: { ssl_ca_cert: tls.settings({ ca: true }).ssl_ca_cert! } });
      await scenario.waitForSession('primary', scheduleMs(5));
    });
  });

  test('@tls pre-shared key: a PSK-only broker accepts the board\'s identity and key', async ({ scenario, tls }) => {
    tls.present('primary', 'trusted', { psk: 'only' });
    await scenario.verifying(['tls.psk'], async () => {
      await scenario.setup({ mqtt: { server: tls.server('primary'), ...tls.settings({ psk: true }) } });
      await scenario.waitForSession('primary', 10_000);
    });
  });

  test('@tls default port: a server without a port is dialled at 8883 when ssl_ca_cert is set', async ({ scenario, tls }) => {
    await scenario.verifying(['tls.default-port'], async () => {
      // Nothing needs to listen on 8883: the board names the port it dials before connecting.
      await scenario.setup({ mqtt: { server: tls.material.serverHost, ...tls.settings({ ca: true }) } });
      await scenario.waitForSerialAttempts(2, scheduleMs(1));
    });
  });

  test('@tls under faults: a drop inside the TLS session gives the ordinary schedule (2 s after a good session)', async ({ scenario, tls }) => {
    tls.present('primary', 'trusted');
    await scenario.verifying(['backoff.reset-after-connack', 'tls.server-auth'], async () => {
      // Refused before the handshake first, so that a restart of the schedule can be told from a continuation.
      await scenario.setup({ mqtt: { server: tls.server('primary'), ...tls.settings({ ca: true }) }, primary: { fault: 'refuse-rst' } });
      await scenario.waitForSerialAttempts(3, scheduleMs(2), `:${tls.listeners.primary.port}`);
      await scenario.fault('primary', { fault: 'accept' });
      const session = await scenario.waitForSession('primary', scheduleMs(3));
      // Cut inside the session (the gate resets the TCP socket under TLS), then refuse before the handshake.
      await scenario.fault('primary', [{ fault: 'drop', how: 'rst' }, { fault: 'refuse-rst' }]);
      let after = 0;
      await scenario.waitFor((e) => e.kind === 'tcp.accept' && e.broker === 'primary' && e.t > session.t && ++after >= 3, scheduleMs(3), '3 attempts after the drop');
    });
  });

  // The board ends a TLS connection itself here (no CONNACK by twice keep_alive): it must
  // close it, not forget it and dial again beside it (mutant 1687 of the mutation run of
  // 2026-12-02 left the TLS socket open and survived: no @tls scenario had the board end a
  // session).
  test('@tls under faults: a silent broker behind TLS is given up at twice keep_alive and its connection closed', async ({ scenario, tls }) => {
    tls.present('primary', 'trusted');
    const keepAlive = 5;
    await scenario.verifying(['keepalive.silent-broker'], async () => {
      await scenario.setup({ mqtt: { server: tls.server('primary'), keep_alive: keepAlive, ...tls.settings({ ca: true }) }, primary: { fault: 'blackhole' } });
      const closed = await scenario.watch((e) => e.kind === 'tcp.close' && e.broker === 'primary' && e.by === 'device', (2 * keepAlive + 5) * S, 'the device closing its TLS connection to the silent broker');
      if (!closed) return;
      await scenario.waitFor((e) => e.kind === 'tcp.accept' && e.broker === 'primary' && e.t > closed.t, 1.15 * 2 * S + 2 * S, 'the next attempt');
    });
  });
});
