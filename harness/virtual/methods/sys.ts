/** The built-in methods every Mongoose OS board answers: RPC.List, RPC.Ping, Sys.GetInfo, Sys.Reboot. */
import { RAM } from '../banner.ts';
import type { VirtualBoard } from '../board.ts';
import { type Dispatcher, DeviceRpcError } from '../rpc/dispatcher.ts';
import { HostLag } from '../../time/host-lag.ts';

function takeLag(lag: HostLag): number {
  const { maxMs } = lag.sample();
  lag.reset();
  return Math.round(maxMs * 10) / 10;
}

export function registerSysMethods(rpc: Dispatcher, board: VirtualBoard): void {
  // How late this process's timers ran since the previous Sys.GetInfo (the harness reads
  // it at a scenario's setup and again when it judges): host load, not board behaviour.
  const lag = new HostLag();
  rpc.register('RPC.List', () => rpc.methods());
  rpc.register('RPC.Ping', () => ({ channel_info: 'UART0' }));
  rpc.register('Sys.GetInfo', () => {
    const id = board.parts.identity;
    const wifi = board.wifi;
    return {
      id: board.deviceId,
      app: id.app,
      fw_version: id.fwVersion,
      fw_id: id.fwId,
      mg_version: id.mgVersion,
      mg_id: id.mgId,
      mac: id.mac,
      arch: 'esp32',
      uptime: Math.floor(board.clock.now() / 1000),
      public_key: null,
      ram_size: RAM.size,
      ram_free: RAM.free,
      ram_min_free: RAM.minFree,
      fs_size: 233681,
      fs_free: 150600,
      wifi: {
        sta_ip: wifi?.ip ?? '',
        ap_ip: '',
        status: wifi?.status ?? 'disconnected',
        ssid: board.config.wifi.sta.ssid,
      },
      // Not on a real board: how this virtual board runs, so reports can state it.
      virtual: true,
      time_scale: board.parts.timeScale,
      jitter_seed: board.parts.seed,
      log_variant: board.parts.logVariant,
      personalities: board.parts.personalities.map((p) => p.name),
      lag_ms: takeLag(lag),
    };
  });
  rpc.register('Sys.Reboot', (params) => {
    const delay = params.delay_ms ?? 100;
    if (typeof delay !== 'number' || !Number.isFinite(delay) || delay < 0) {
      throw new DeviceRpcError(400, 'delay_ms must be a non-negative number');
    }
    board.scheduleReboot(delay);
    return null;
  });
}
