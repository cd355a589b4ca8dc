/**
 * Who the virtual board says it is: MAC, device id, firmware and Mongoose OS versions.
 * `device.id` defaults to `esp32_` + the last six hex digits of the MAC, as on a board.
 */
export type LogVariant = 'master' | '2.20.0';

export interface Identity {
  mac: string; // 12 uppercase hex digits, as Sys.GetInfo reports it
  deviceId: string;
  app: string;
  fwVersion: string;
  fwId: string;
  mgVersion: string;
  mgId: string;
}

export const DEFAULT_MAC = '240AC41CA848';

export function normaliseMac(mac: string): string {
  const hex = mac.replace(/[:\-.]/g, '').toUpperCase();
  if (!/^[0-9A-F]{12}$/.test(hex)) {
    throw new RangeError(`MAC must be 12 hex digits (e.g. 24:0a:c4:1c:a8:48), got "${mac}"`);
  }
  return hex;
}

export function macWithColons(mac: string): string {
  return mac.toLowerCase().replace(/(..)(?!$)/g, '$1:');
}

export function identityFor(mac: string, variant: LogVariant): Identity {
  const hex = normaliseMac(mac);
  const mg = variant === '2.20.0'
    ? { mgVersion: '2.20.0', mgId: '20210906-095446/2.20.0@1b9d8a69' }
    : { mgVersion: '2.20.0-master', mgId: '20220815-120000/master@7ba84b6' };
  return {
    mac: hex,
    deviceId: `esp32_${hex.slice(6)}`,
    app: 'mgos-hil-fw',
    fwVersion: '1.0.0',
    fwId: `20261126-000000/virtual@${variant}`,
    ...mg,
  };
}
