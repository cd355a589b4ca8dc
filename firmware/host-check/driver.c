/*
 * Host check only: stands in for the platform and the libraries' callers. It boots the
 * firmware (mgos_app_init), then drives every HIL.* method — with good params and with
 * each kind of bad one — and every MQTT event the firmware reports, through the
 * handlers the firmware registered. Everything the firmware prints goes to stdout:
 * its `HIL {json}` event lines and the fakes' `RPC <method> {…}` reply lines.
 * test/firmware/host-check.test.ts parses each line against harness/contract/hil.ts.
 *
 * The values are chosen to exercise the formats, not the MQTT semantics (the fakes
 * accept everything); the steps follow a session's order so that the firmware's
 * bookkeeping sees a plausible sequence.
 */
#include <string.h>

#include "fakes.h"
#include "mgos.h"
#include "mgos_event.h"

static void ack(int ev, uint16_t packet_id) {
  struct mg_mqtt_message mm;
  memset(&mm, 0, sizeof(mm));
  mm.message_id = packet_id;
  fake_global_event(ev, &mm);
}

int main(void) {
  fake_set_uptime_ms(250);
  if (mgos_app_init() != MGOS_APP_INIT_SUCCESS) return 1;

  /* Offline: no socket yet. */
  fake_set_uptime_ms(300);
  fake_rpc_call("HIL.Status", "{}");
  fake_rpc_call("HIL.SetMaxQoS", "{\"qos\": 1}");
  fake_rpc_call("HIL.Sub", "{\"topic\": \"hil/early\"}");

  /* A refused attempt (CONNECTERROR: only a core after 2.20.0 has it), then a session. */
  fake_set_uptime_ms(1000);
  fake_cloud_event(MGOS_EVENT_CLOUD_CONNECTING);
  fake_cloud_event(MGOS_EVENT_CLOUD_CONNECTERROR);
  fake_cloud_event(MGOS_EVENT_CLOUD_CONNECTING);
  fake_set_socket(true);
  fake_tcp_connected(); /* the library's own CONNECT */
  fake_set_uptime_ms(1200);
  fake_cloud_event(MGOS_EVENT_CLOUD_CONNECTED);
  struct mg_mqtt_message connack;
  memset(&connack, 0, sizeof(connack));
  connack.connack_ret_code = 0;
  fake_global_event(MG_EV_MQTT_CONNACK, &connack);

  fake_rpc_call("HIL.Sub", "{\"topic\": \"hil/a\"}");
  fake_rpc_call("HIL.Sub", "{\"topic\": \"hil/\\\"q\\\" \\\\ b\", \"qos\": 2}");
  fake_rpc_call("HIL.Sub", "{\"topic\": \"hil/zero\", \"qos\": 0}");
  fake_rpc_call("HIL.Pub", "{\"topic\": \"hil/out\", \"message\": \"m \\\"1\\\"\", \"qos\": 1}");
  fake_rpc_call("HIL.Pub", "{\"topic\": \"hil/out\", \"message\": \"\", \"qos\": 0, \"retain\": true}");
  fake_rpc_call("HIL.Pub", "{\"topic\": \"hil/out\", \"message\": \"two\", \"qos\": 2}");

  /* Every HIL.Pubf case, at each QoS and with retain once. */
  fake_rpc_call("HIL.Pubf", "{\"topic\": \"hil/pubf\", \"case\": \"keys\", \"qos\": 1}");
  fake_rpc_call("HIL.Pubf", "{\"topic\": \"hil/pubf\", \"case\": \"escapes\", \"qos\": 0}");
  fake_rpc_call("HIL.Pubf", "{\"topic\": \"hil/pubf\", \"case\": \"bools\", \"qos\": 2, \"retain\": true}");
  fake_rpc_call("HIL.Pubf", "{\"topic\": \"hil/pubf\", \"case\": \"nested\", \"qos\": 1}");
  fake_rpc_call("HIL.Pubf", "{\"topic\": \"hil/pubf\", \"case\": \"pubv\", \"qos\": 1}");

  /* A raw subscription: its SUBACK, a message, and (formats only) an event the library never passes it. */
  fake_rpc_call("HIL.GlobalConn", "{}");
  fake_rpc_call("HIL.RawSub", "{\"topic\": \"hil/raw/\\\"q\\\"\"}");
  struct mg_mqtt_message suback;
  memset(&suback, 0, sizeof(suback));
  suback.message_id = 9;
  fake_sub_event("hil/raw/\"q\"", MG_EV_MQTT_SUBACK, &suback);
  fake_deliver("hil/raw/\"q\"", "raw \"m\"", 1, 10);
  fake_deliver("hil/raw/\"q\"", "", 0, 0);
  fake_sub_event("hil/raw/\"q\"", MG_EV_CLOSE, NULL);

  fake_set_uptime_ms(1500);
  fake_deliver("hil/a", "hello \"board\" \\ \xc3\xa9", 1, 7);
  fake_deliver("hil/\"q\" \\ b", "tab\there", 2, 8);
  fake_deliver("hil/zero", "", 0, 0);
  ack(MG_EV_MQTT_PUBACK, 1);
  ack(MG_EV_MQTT_PUBREC, 3);
  ack(MG_EV_MQTT_PUBCOMP, 3);
  ack(MG_EV_MQTT_UNSUBACK, 0);

  fake_rpc_call("HIL.SetMaxQoS", "{\"qos\": 1}");
  fake_rpc_call("HIL.Status", "{}");
  /* Round the counter past 65535 (the fake wraps to 1). */
  fake_rpc_call("HIL.PacketIds", "{\"count\": 65535}");
  /* Wall time from near 0 (never set) to an epoch past the library's threshold. */
  fake_rpc_call("HIL.SetTime", "{\"epoch\": 1780000000}");
  fake_rpc_call("HIL.Unsub", "{\"topic\": \"hil/a\"}");
  fake_rpc_call("HIL.Unsub", "{\"topic\": \"hil/never\"}");

  /* The connect callback: on for one TCP connect (it prints connect_fn and sends its own
   * CONNECT), then off (the library's own again). */
  fake_rpc_call("HIL.SetConnectFn", "{\"mode\": \"on\"}");
  fake_tcp_connected();
  fake_rpc_call("HIL.SetConnectFn", "{\"mode\": \"off\"}");
  fake_tcp_connected();

  /* The end of the session. */
  fake_set_uptime_ms(4000);
  fake_rpc_call("HIL.Disconnect", "{}");
  fake_cloud_event(MGOS_EVENT_CLOUD_DISCONNECTED);
  fake_global_event(MG_EV_CLOSE, NULL);
  fake_set_socket(false);
  fake_rpc_call("HIL.Status", "{}");
  fake_rpc_call("HIL.Connect", "{}");
  fake_rpc_call("HIL.GlobalConn", "{}");

  /* Bad params: each is answered with error 400. */
  fake_rpc_call("HIL.Pub", "{\"message\": \"x\"}");
  fake_rpc_call("HIL.Pub", "{\"topic\": \"hil/out\"}");
  fake_rpc_call("HIL.Pub", "{\"topic\": \"hil/out\", \"message\": \"x\", \"qos\": 5}");
  fake_rpc_call("HIL.Sub", "{\"topic\": \"\"}");
  fake_rpc_call("HIL.Sub", "{\"topic\": \"hil/a\", \"qos\": 3}");
  fake_rpc_call("HIL.Unsub", "{}");
  fake_rpc_call("HIL.SetMaxQoS", "{}");
  fake_rpc_call("HIL.SetMaxQoS", "{\"qos\": -1}");
  fake_rpc_call("HIL.Pubf", "{\"case\": \"keys\"}");
  fake_rpc_call("HIL.Pubf", "{\"topic\": \"hil/pubf\"}");
  fake_rpc_call("HIL.Pubf", "{\"topic\": \"hil/pubf\", \"case\": \"printf\"}");
  fake_rpc_call("HIL.PacketIds", "{}");
  fake_rpc_call("HIL.PacketIds", "{\"count\": 0}");
  fake_rpc_call("HIL.PacketIds", "{\"count\": 70001}");
  fake_rpc_call("HIL.SetTime", "{}");
  fake_rpc_call("HIL.SetTime", "{\"epoch\": -1}");
  fake_rpc_call("HIL.SetConnectFn", "{}");
  fake_rpc_call("HIL.SetConnectFn", "{\"mode\": \"maybe\"}");
  fake_rpc_call("HIL.RawSub", "{}");
  fake_rpc_call("HIL.RawSub", "{\"topic\": \"\"}");
  return 0;
}
