/** Config.Get, Config.Set (save, reboot) and Config.Save, as rpc-service-config answers them. */
import type { VirtualBoard } from '../board.ts';
import { ConfigError } from '../config/store.ts';
import { type Dispatcher, DeviceRpcError } from '../rpc/dispatcher.ts';

/** Config.Set with save and reboot restarts the board this many device ms later. */
const SET_REBOOT_DELAY_MS = 500;

export function registerConfigMethods(rpc: Dispatcher, board: VirtualBoard): void {
  const store = board.parts.config;
  rpc.register('Config.Get', (params) => {
    const key = params.key;
    if (key !== undefined && typeof key !== 'string') throw new DeviceRpcError(400, 'key must be a string');
    try {
      return store.get(key);
    } catch (err) {
      if (err instanceof ConfigError) throw new DeviceRpcError(404, err.message);
      throw err;
    }
  });
  rpc.register('Config.Set', (params) => {
    try {
      store.set(params.config ?? {});
    } catch (err) {
      if (err instanceof ConfigError) throw new DeviceRpcError(400, err.message);
      throw err;
    }
    const save = params.save === true;
    if (save) store.save();
    // As on a board: `reboot` without `save` is ignored.
    if (save && params.reboot === true) board.scheduleReboot(SET_REBOOT_DELAY_MS);
    return { saved: save };
  });
  rpc.register('Config.Save', (params) => {
    store.save();
    if (params.reboot === true) board.scheduleReboot(SET_REBOOT_DELAY_MS);
    return { saved: true };
  });
}
