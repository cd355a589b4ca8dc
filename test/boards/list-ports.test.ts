import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { inventory } from '../../harness/boards/inventory.ts';
import { listPorts } from '../../harness/boards/list-ports.ts';
import { recogniseAdapter } from '../../harness/boards/usb-adapters.ts';

/** A fake sysfs: /sys/class/tty/<name>/device → a USB interface under a USB device with ids. */
function fakeSysfs(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hil-sysfs-'));
  const usbDev = path.join(root, 'devices/usb1/1-1');
  const iface = path.join(usbDev, '1-1:1.0/ttyUSB0');
  fs.mkdirSync(iface, { recursive: true });
  for (const [k, v] of Object.entries({ idVendor: '10c4', idProduct: 'ea60', serial: '0001', manufacturer: 'Silicon Labs', product: 'CP2102' })) {
    fs.writeFileSync(path.join(usbDev, k), `${v}\n`);
  }
  const tty = path.join(root, 'class/tty');
  fs.mkdirSync(path.join(tty, 'ttyUSB0'), { recursive: true });
  fs.symlinkSync(iface, path.join(tty, 'ttyUSB0', 'device'));
  fs.mkdirSync(path.join(tty, 'tty1'), { recursive: true }); // a virtual console: not a serial port
  return tty;
}

test('USB adapters are read from sysfs with their ids and serial number', () => {
  const ports = listPorts(fakeSysfs());
  assert.deepEqual(ports, [
    { path: '/dev/ttyUSB0', vendorId: '10c4', productId: 'ea60', serialNumber: '0001', manufacturer: 'Silicon Labs', product: 'CP2102' },
  ]);
});

test('ESP32 adapters are recognised by VID:PID, Espressif native USB by vendor alone', () => {
  assert.equal(recogniseAdapter('10c4', 'ea60')?.name, 'Silicon Labs CP210x');
  assert.equal(recogniseAdapter('1A86', '55D4')?.name, 'WCH CH9102');
  assert.equal(recogniseAdapter('303a', '1001')?.name, 'Espressif native USB (ESP32-S2/S3/C3)');
  assert.equal(recogniseAdapter('046d', 'c52b'), undefined);
});

test('a host without /sys/class/tty has no ports (and does not throw)', () => {
  assert.deepEqual(listPorts('/nonexistent/sys/class/tty'), []);
});

test('inventory: present, busy, missing, virtual', () => {
  const ports = [{ path: '/dev/ttyUSB0', serialNumber: '0001' }, { path: '/dev/ttyUSB1', serialNumber: '0002' }];
  const wifi = { ssid: 'lab', pass: 'x' };
  const result = inventory(
    [
      { name: 'a', kind: 'physical', port: '/dev/ttyUSB0', reset: 'dtr-rts', wifi },
      { name: 'b', kind: 'physical', serialNumber: '0002', reset: 'dtr-rts', wifi },
      { name: 'c', kind: 'physical', serialNumber: '0003', reset: 'dtr-rts', wifi },
      { name: 'v', kind: 'virtual', timeScale: 10, personalities: [] },
    ],
    ports,
    (p) => (p === '/dev/ttyUSB1' ? [4242] : []),
  );
  assert.deepEqual(result, [
    { board: 'a', status: 'present', path: '/dev/ttyUSB0' },
    { board: 'b', status: 'busy', path: '/dev/ttyUSB1', holders: [4242] },
    { board: 'c', status: 'missing', wanted: 'USB serial number 0003' },
    { board: 'v', status: 'virtual' },
  ]);
});
