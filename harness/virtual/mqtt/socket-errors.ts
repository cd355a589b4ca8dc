/**
 * The status number the library prints in `MQTT0 TCP connected error (<n>)`: on a host,
 * the errno. The virtual board reports Linux errno values.
 */
const errnoByCode: Record<string, number> = {
  ECONNREFUSED: 111,
  ECONNRESET: 104,
  ETIMEDOUT: 110,
  EHOSTUNREACH: 113,
  ENETUNREACH: 101,
  ECONNABORTED: 103,
  EADDRNOTAVAIL: 99,
  EPIPE: 32,
};

export function connectErrorStatus(err: unknown): number {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code in errnoByCode) return errnoByCode[code]!;
  return -1;
}
