/**
 * api.connect-fn — mgos_mqtt_set_connect_fn: while a connect callback is set, the library
 * hands every TCP connect of the global connection — primary and backup alike — to it
 * with the client id and the handshake options it built from the active config, and
 * sends no CONNECT of its own; unset (NULL), it sends its own again (impl: mgos_mqtt_ev,
 * MG_EV_CONNECT; doc: mgos_mqtt.h "invoked when CONNECT message is about to be sent. The
 * callback is responsible to call mg_send_mqtt_handshake_opt()").
 *
 * Judged from the gate, never from the board's word: after a HIL.SetConnectFn `on`, each
 * CONNECT a gate decoded must be the test firmware's callback's — CONNECT_FN's user name
 * and keep-alive, and the client id, clean session, password and will the library built
 * from that connection's config (so the callback was handed the right options); after
 * `off`, the library's own user name and keep-alive again. A connection whose connect
 * overlapped the call is not judged (observe/connect-fn.ts), nor one before the
 * scenario's first call on this boot; the board's connect_fn lines are shown as evidence
 * only (serial lines can be lost while an RPC reply is sent). A scenario without
 * HIL.SetConnectFn is not judged.
 *
 * Needs: see `needs` at the end of this file.
 */
import { CONNECT_FN } from '../../contract/hil.ts';
import { expectedConnect } from '../../model/connect.ts';
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Evidence, Verdict } from '../input.ts';
import type { Observation } from '../observe/observation.ts';
import { judgeCounted, nothingToJudge } from '../verdict.ts';

const id = 'api.connect-fn';
const source = cite('doc.connect-fn', 'impl.connect-fn', 'impl.connect.fields', 'impl.connect.client-id');

export function run(obs: Observation): Verdict {
  const calls = obs.actionsOf('set-connect-fn');
  if (calls.length === 0) return nothingToJudge(id, 'no HIL.SetConnectFn call was made (record scenario.setConnectFn)', { source });
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  const observed: unknown[] = [];
  for (const a of calls) evidence.push({ t: a.t, what: `HIL.SetConnectFn ${a.mode}: applied ${a.applied}` });
  for (const l of obs.eventLines) if (l.event.ev === 'connect_fn') evidence.push({ t: l.t, what: `board: ${l.text}` });

  let on = 0;
  let off = 0;
  for (const { conn: c, state, action } of obs.connectFn) {
    const got = c.connect?.connect;
    if (got === undefined || state === 'unknown' || action === undefined) continue;
    const name = `${c.broker}#${c.conn}`;
    const want = expectedConnect(obs.configAt(c.accept)[c.server], obs.board.deviceId, state === 'on').fields;
    observed.push({ conn: name, connectFn: state, username: got.username ?? null, keepalive: got.keepalive, clientId: got.clientId });
    evidence.push({ t: c.connect!.t, what: `${name} CONNECT user ${JSON.stringify(got.username ?? null)} keep-alive ${got.keepalive} (connect callback ${state})` });
    const user = got.username || undefined;
    if (state === 'on') {
      on++;
      if (user !== CONNECT_FN.user || got.keepalive !== CONNECT_FN.keepAliveS) {
        problems.push(
          `${name} CONNECT (user ${JSON.stringify(user ?? null)}, keep-alive ${got.keepalive}) is not the connect callback's (user "${CONNECT_FN.user}", keep-alive ${CONNECT_FN.keepAliveS}) after HIL.SetConnectFn on: the callback was not called`,
        );
      }
      const handed: string[] = [];
      if (got.clientId !== want.clientId) handed.push(`client id ${JSON.stringify(got.clientId)}, expected ${JSON.stringify(want.clientId)}`);
      if (got.clean !== want.clean) handed.push(`clean session ${got.clean}, expected ${want.clean}`);
      if (got.hasPassword !== want.hasPassword) handed.push(`password ${got.hasPassword ? 'present' : 'absent'}, expected ${want.hasPassword ? 'present' : 'absent'}`);
      if ((got.will === undefined) !== (want.will === undefined) || (got.will && want.will && (got.will.topic !== want.will.topic || got.will.payload !== want.will.payload || got.will.retain !== want.will.retain))) {
        handed.push(`will ${JSON.stringify(got.will ?? null)}, expected ${JSON.stringify(want.will ?? null)}`);
      }
      if (handed.length > 0) problems.push(`${name} CONNECT from the connect callback carries ${handed.join(', ')}: the callback was not handed the options of the ${c.server} config`);
    } else {
      off++;
      if (user !== want.username || got.keepalive !== want.keepalive) {
        problems.push(
          `${name} CONNECT (user ${JSON.stringify(user ?? null)}, keep-alive ${got.keepalive}) after HIL.SetConnectFn off; expected the library's own (user ${JSON.stringify(want.username ?? null)}, keep-alive ${want.keepalive})`,
        );
      }
    }
  }
  // The callback is what the scenario sets out to see: without a CONNECT made while it was set, nothing is shown.
  return judgeCounted(id, on > 0 ? on + off : 0, problems, {
    pass: (n) => `${n} CONNECT(s) judged: ${on} sent by the connect callback (user "${CONNECT_FN.user}", keep-alive ${CONNECT_FN.keepAliveS}, the rest from the config), ${off} by the library after it was unset`,
    nothing: 'no CONNECT was decoded while the connect callback was set (after HIL.SetConnectFn on, make the board connect)',
  }, {
    expected: { on: { username: CONNECT_FN.user, keepalive: CONNECT_FN.keepAliveS, rest: 'from the config' }, off: 'the library\'s own CONNECT' },
    observed,
    evidence,
    source,
  });
}

export const apiConnectFn: CheckDefinition = {
  id,
  needs:
    '`set-connect-fn` actions (HIL.SetConnectFn with the call and reply stamps), then connections whose ' +
    'CONNECT a gate decoded while the callback was set (and, to judge `off`, after it was unset); the ' +
    'board\'s deviceId.',
  run,
};
