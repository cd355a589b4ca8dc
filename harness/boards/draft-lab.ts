/**
 * A first lab config from what is plugged in (`hil boards --write`), as Twister drafts a
 * hardware map: one physical board per recognised ESP32 adapter, found by its USB serial
 * number when it has one (stable across re-plugging), else by its port. The host address
 * and Wi-Fi are left for the engineer to fill in; the password is read from LAB_WIFI_PASS.
 */
import { type LabConfigInput, labConfig } from '../lab/schema.ts';
import type { PortInfo } from './list-ports.ts';
import { recogniseAdapter } from './usb-adapters.ts';

export interface DraftBoard {
  name: string;
  kind: 'physical';
  port?: string;
  serialNumber?: string;
  reset: 'dtr-rts';
  /** Which adapter, for the comment beside it. */
  adapter: string;
}

export function draftBoards(ports: readonly PortInfo[]): DraftBoard[] {
  return ports.flatMap((p) => {
    const adapter = recogniseAdapter(p.vendorId, p.productId);
    return adapter ? [{ adapter: `${adapter.name} on ${p.path}`, ...(p.serialNumber ? { serialNumber: p.serialNumber } : { port: p.path }) }] : [];
  }).map((b, i) => ({ name: `bench-${i + 1}`, kind: 'physical' as const, reset: 'dtr-rts' as const, ...b }));
}

const HOST_PLACEHOLDER = '192.168.1.10';

/** The draft as hil.config.ts source; it is valid as it stands (checked here), with placeholders to edit. */
export function draftLabSource(boards: readonly DraftBoard[]): string {
  const input: LabConfigInput = {
    host: HOST_PLACEHOLDER,
    brokers: { bind: HOST_PLACEHOLDER, basePort: 1883 },
    boards: boards.map(({ adapter: _adapter, ...b }) => ({ ...b, wifi: { ssid: 'lab-ap', pass: '' } })),
  };
  labConfig.parse(input);
  const board = (b: DraftBoard) =>
    [
      `    // ${b.adapter}`,
      '    {',
      `      name: ${JSON.stringify(b.name)},`,
      "      kind: 'physical',",
      b.serialNumber ? `      serialNumber: ${JSON.stringify(b.serialNumber)},` : `      port: ${JSON.stringify(b.port)},`,
      "      reset: 'dtr-rts',",
      "      wifi: { ssid: 'lab-ap', pass: process.env.LAB_WIFI_PASS ?? '' }, // EDIT: the lab's Wi-Fi",
      '    },',
    ].join('\n');
  return [
    '// Drafted by `hil boards --write` from the ESP32 adapters plugged in. Edit what says EDIT;',
    '// see hil.config.example.ts for every setting.',
    "import { defineLab } from './harness/lab/schema.ts';",
    '',
    'export default defineLab({',
    `  host: '${HOST_PLACEHOLDER}', // EDIT: this machine's address on the boards' Wi-Fi`,
    `  brokers: { bind: '${HOST_PLACEHOLDER}', basePort: 1883 }, // EDIT: the same address`,
    '  boards: [',
    ...boards.map(board),
    '  ],',
    '});',
    '',
  ].join('\n');
}
