/**
 * The serial ports of this Linux host, read from sysfs: for USB adapters their vendor
 * and product ids, serial number and names. (serialport's own `list()` runs `udevadm`,
 * and on a host without it the spawn error escapes as an uncaught exception.)
 * Also who holds a port open, from /proc, so `hil boards` can say "busy" without opening
 * the port — opening toggles DTR/RTS, which resets many ESP32 boards.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface PortInfo {
  path: string;
  vendorId?: string;
  productId?: string;
  serialNumber?: string;
  manufacturer?: string;
  product?: string;
}

const SYS_TTY = '/sys/class/tty';
const SERIAL_NAMES = /^(ttyUSB|ttyACM|ttyS|ttyAMA|ttySAC|rfcomm)\d+$/;

function readAttr(dir: string, name: string): string | undefined {
  try {
    return fs.readFileSync(path.join(dir, name), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Walks up from a tty's device to the USB device that carries idVendor/idProduct. */
function usbDeviceOf(deviceDir: string): string | undefined {
  let dir = deviceDir;
  for (let i = 0; i < 8 && dir !== '/'; i++) {
    if (fs.existsSync(path.join(dir, 'idVendor'))) return dir;
    dir = path.dirname(dir);
  }
  return undefined;
}

export function listPorts(sysTty = SYS_TTY, devDir = '/dev'): PortInfo[] {
  let names: string[];
  try {
    names = fs.readdirSync(sysTty);
  } catch {
    return [];
  }
  const ports: PortInfo[] = [];
  for (const name of names.filter((n) => SERIAL_NAMES.test(n)).sort()) {
    const link = path.join(sysTty, name, 'device');
    if (!fs.existsSync(link)) continue;
    const deviceDir = fs.realpathSync(link);
    const usb = usbDeviceOf(deviceDir);
    // Legacy 8250 UARTs (ttyS0…31) exist on most PCs whether or not anything is attached.
    if (!usb && name.startsWith('ttyS') && readAttr(path.join(sysTty, name), 'type') === '0') continue;
    const info: PortInfo = { path: path.join(devDir, name) };
    if (usb) {
      info.vendorId = readAttr(usb, 'idVendor');
      info.productId = readAttr(usb, 'idProduct');
      info.serialNumber = readAttr(usb, 'serial');
      info.manufacturer = readAttr(usb, 'manufacturer');
      info.product = readAttr(usb, 'product');
    }
    ports.push(info);
  }
  return ports;
}

/**
 * PIDs (other than ours) that hold the device `devicePath` open, as far as /proc lets us
 * see: a process counts when one of its fds is that very device (same st_rdev), however
 * it was named when opened (/dev/serial/by-id/…, a symlink); anything else (a stand-in file
 * in tests) counts when it is that same file (st_dev and st_ino).
 */
export function holdersOf(devicePath: string, proc = '/proc'): number[] {
  let target: fs.Stats;
  try {
    target = fs.statSync(devicePath);
  } catch {
    return [];
  }
  const same = target.isCharacterDevice()
    ? (s: fs.Stats) => s.isCharacterDevice() && s.rdev === target.rdev
    : (s: fs.Stats) => s.dev === target.dev && s.ino === target.ino;
  const holders: number[] = [];
  let entries: string[];
  try {
    entries = fs.readdirSync(proc);
  } catch {
    return [];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    if (holdsSame(path.join(proc, entry, 'fd'), same)) holders.push(Number(entry));
  }
  return holders;
}

function holdsSame(fdDir: string, same: (s: fs.Stats) => boolean): boolean {
  let fds: string[];
  try {
    fds = fs.readdirSync(fdDir);
  } catch {
    return false; // another user's process, or it ended meanwhile
  }
  for (const fd of fds) {
    try {
      if (same(fs.statSync(path.join(fdDir, fd)))) return true;
    } catch {
      // the fd closed meanwhile, or points at something we may not stat
    }
  }
  return false;
}

/** The command name of a process (`/proc/<pid>/comm`), or `?` when it is gone. */
export function processName(pid: number, proc = '/proc'): string {
  try {
    return fs.readFileSync(path.join(proc, String(pid), 'comm'), 'utf8').trim();
  } catch {
    return '?';
  }
}
