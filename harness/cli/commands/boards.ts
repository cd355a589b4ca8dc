/**
 * `hil boards`: the serial ports of this host, which of them carry a known ESP32
 * USB-serial adapter, and whether each board of the lab config is present, missing or
 * busy (held open by another program). Exit 0 when every lab board can be used; 1 when one
 * is missing, busy or not on a serial port, so a script can wait for the lab before a run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { draftBoards, draftLabSource } from '../../boards/draft-lab.ts';
import { inventory, labReady } from '../../boards/inventory.ts';
import { listPorts, processName } from '../../boards/list-ports.ts';
import { recogniseAdapter } from '../../boards/usb-adapters.ts';
import { loadLabForCli } from '../load-lab.ts';
import { CannotRunError, type Command } from '../command.ts';

const usage = `usage: hil boards [--config FILE] [--json]
       hil boards --write [--config FILE]
  --config FILE  the lab config to check the boards of (default hil.config.ts in this folder)
  --json         print the ports and the lab boards as JSON
  --write        draft a lab config from the ESP32 adapters plugged in, into FILE
                 (default hil.config.ts); an existing file is never overwritten
Exit status: 0 every lab board can be used (or the draft was written), 1 one cannot,
2 nothing to draft or the file exists.`;

/** \`hil boards --write\`: the draft lab config, into a file that does not exist yet. */
function writeDraft(file: string): number {
  const boards = draftBoards(listPorts());
  if (boards.length === 0) throw new CannotRunError('no ESP32 USB adapter is plugged in (see `hil boards`): nothing to draft a lab config from');
  try {
    fs.writeFileSync(file, draftLabSource(boards), { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new CannotRunError(`${file} exists: it is never overwritten; move it away or give --config NEW-FILE`);
    throw err;
  }
  process.stdout.write(`wrote ${file}: ${boards.length} board${boards.length > 1 ? 's' : ''} (${boards.map((b) => `${b.name}: ${b.adapter}`).join('; ')}); edit its host and Wi-Fi\n`);
  return 0;
}

export const command: Command = {
  name: 'boards',
  summary: 'list serial ports, recognised ESP32 adapters, and the lab boards present/missing/busy',
  usage,
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { config: { type: 'string' }, json: { type: 'boolean', default: false }, write: { type: 'boolean', default: false } } });
    if (values.write) return writeDraft(path.resolve(values.config ?? 'hil.config.ts'));
    const lab = await loadLabForCli(values.config);
    const ports = listPorts();
    const boards = lab ? inventory(lab.boards, ports) : [];
    if (values.json) {
      const withAdapters = ports.map((p) => ({ ...p, adapter: recogniseAdapter(p.vendorId, p.productId)?.name ?? null }));
      process.stdout.write(`${JSON.stringify({ ports: withAdapters, boards }, null, 2)}\n`);
      return labReady(boards) ? 0 : 1;
    }
    const out: string[] = [];
    const usb = ports.filter((p) => p.vendorId !== undefined);
    if (usb.length === 0) {
      out.push('No USB-serial adapters on this host: no ESP32 board is attached (or this user cannot see /sys/class/tty).');
    }
    if (ports.length > 0) {
      out.push('Serial ports:');
      for (const p of ports) {
        const adapter = recogniseAdapter(p.vendorId, p.productId);
        const ids = p.vendorId ? `${p.vendorId}:${p.productId}` : 'no USB ids';
        const what = adapter ? `ESP32 adapter: ${adapter.name}` : (p.product ?? p.manufacturer ?? 'not a known ESP32 adapter');
        out.push(`  ${p.path.padEnd(16)} ${ids.padEnd(10)} ${what}${p.serialNumber ? `  serial ${p.serialNumber}` : ''}`);
      }
    }
    if (!lab) {
      out.push('', 'No lab config (hil.config.ts): `hil qualify` will use one virtual board.');
    } else {
      out.push('', 'Lab boards:');
      for (const b of boards) {
        const detail =
          b.status === 'present' ? b.path
          : b.status === 'busy' ? `${b.path}, held by ${b.holders.map((pid) => `${pid} (${processName(pid)})`).join(', ')}`
          : b.status === 'missing' ? `wanted ${b.wanted}: is it plugged in?`
          : b.status === 'not-serial' ? `${b.path} is not a serial port (${b.what})`
          : 'started by the harness';
        out.push(`  ${b.board.padEnd(16)} ${b.status.padEnd(8)} ${detail}`);
      }
    }
    const ready = labReady(boards);
    if (!ready) out.push('', 'Not every lab board can be used: `hil qualify` would refuse to start.');
    process.stdout.write(`${out.join('\n')}\n`);
    return ready ? 0 : 1;
  },
};
