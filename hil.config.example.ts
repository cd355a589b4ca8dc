// Copy to hil.config.ts and edit. With no hil.config.ts, `hil qualify` uses one virtual board.
import { defineLab } from './harness/lab/schema.ts';

export default defineLab({
  host: '192.168.1.10', // the address the boards reach the brokers on
  // Each board gets its own broker pair: from basePort up (1883/1884 for bench-1, 1885/1886
  // for the next board…), or `brokers: { primaryPort, backupPort }` on a board.
  brokers: { bind: '192.168.1.10', basePort: 1883 },
  boards: [
    {
      name: 'bench-1',
      kind: 'physical',
      port: '/dev/ttyUSB0',
      reset: 'dtr-rts',
      firmware: 'firmware/build/fw.zip',
      wifi: { ssid: 'lab-ap', pass: process.env.LAB_WIFI_PASS ?? '' },
      tolerances: { epsilonMs: 150 },
    },
    { name: 'virtual', kind: 'virtual', timeScale: 10 },
  ],
});
