/**
 * What an ESP32 running Mongoose OS prints from reset to "Init done": the ROM's lines,
 * the ESP-IDF bootloader's (with ANSI colours), two blank lines, then the Mongoose OS
 * banner. The harness sees a reboot as a new banner.
 */
import { type Identity, macWithColons } from './identity.ts';

const GREEN = '\x1b[0;32m';
const RESET = '\x1b[0m';

export type ResetReason = 'POWERON_RESET' | 'SW_CPU_RESET';

export function romAndBootloaderLines(reason: ResetReason): string[] {
  const code = reason === 'POWERON_RESET' ? '0x1' : '0xc';
  return [
    'ets Jun  8 2016 00:22:57',
    '',
    `rst:${code} (${reason}),boot:0x13 (SPI_FAST_FLASH_BOOT)`,
    'configsip: 0, SPIWP:0xee',
    'clk_drv:0x00,q_drv:0x00,d_drv:0x00,cs0_drv:0x00,hd_drv:0x00,wp_drv:0x00',
    'mode:DIO, clock div:2',
    'load:0x3fff0018,len:4',
    'entry 0x40078a5c',
    `${GREEN}I (29) boot: ESP-IDF v3.3-r6 2nd stage bootloader${RESET}`,
    `${GREEN}I (29) boot: compile time 09:51:36${RESET}`,
    `${GREEN}I (153) boot: Loaded app from partition at offset 0x10000${RESET}`,
  ];
}

export function mongooseBanner(id: Identity): string[] {
  return [
    '',
    '',
    `${id.app} ${id.fwVersion} (${id.fwId})`,
    `Mongoose OS ${id.mgVersion} (${id.mgId})`,
    'CPU: 160 MHz, FreeRTOS 8.2.0, heap: 294448 total, 249332 free',
    'Newlib 2.2.0',
    'ESP-IDF v3.3-r6',
    'Boot partition: app_0; flash: 4M',
    `MAC: ${macWithColons(id.mac)}`,
    'WDT: 30 seconds',
  ];
}

export const RAM = { size: 294448, free: 206312, minFree: 205960 } as const;

export function initDoneLine(): string {
  return `Init done, RAM: ${RAM.size} total, ${RAM.free} free, ${RAM.minFree} min free`;
}
