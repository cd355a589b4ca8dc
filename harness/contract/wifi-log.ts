/**
 * The network's line when the station has its address: mgos_net.c logs
 * "WiFi STA: ready, IP …, GW …, DNS …[, NTP …]" at MGOS_NET_EV_IP_ACQUIRED (public console
 * captures of ESP32 boards show it, followed within ~10 ms by `MQTT0 connecting to`); some
 * firmwares log "got ip" or "IP acquired". The MQTT library's first attempt of a boot
 * follows that event at once, so the line marks the boot's first chance to connect.
 */
export const wifiIpAcquired = /WiFi STA: (ready, IP|got ip)|IP acquired/i;
