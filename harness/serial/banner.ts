/**
 * The lines a board prints while booting, by name. The ESP32 ROM and bootloader print
 * theirs bare; Mongoose OS prints its banner through the logger (so with a log prefix),
 * and the classifier hands in the message part. `Mongoose OS <version> (<build id>)`
 * marks a (re)boot.
 */
import type { BannerField } from './serial-line.ts';

export interface BannerPattern {
  field: BannerField;
  /** The first capture group is the value. */
  pattern: RegExp;
  reboot?: boolean;
}

export const bannerPatterns: readonly BannerPattern[] = [
  { field: 'mongoose-os', pattern: /^Mongoose OS (\S+ \(.*)$/, reboot: true },
  { field: 'cpu', pattern: /^CPU: (.*)$/ },
  { field: 'newlib', pattern: /^Newlib (.*)$/ },
  { field: 'esp-idf', pattern: /^ESP-IDF (.*)$/ },
  { field: 'boot-partition', pattern: /^Boot partition: (.*)$/ },
  { field: 'mac', pattern: /^MAC: ((?:[0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}.*)$/ },
  { field: 'wdt', pattern: /^WDT: (.*)$/ },
  { field: 'ram', pattern: /^RAM: (\d+ total.*)$/ },
  { field: 'init-done', pattern: /^Init done, (.*)$/ },
  { field: 'rom-date', pattern: /^ets ([A-Z][a-z]{2} +\d{1,2} \d{4} \d\d:\d\d:\d\d)$/ },
  { field: 'rom-reset', pattern: /^rst:(0x[0-9a-f]+ \(\w+\).*)$/ },
  { field: 'rom-boot', pattern: /^((?:configsip|clk_drv|mode):.*)$/ },
  { field: 'rom-load', pattern: /^((?:load:0x[0-9a-f]+,len:\d+)|(?:entry 0x[0-9a-f]+)|(?:ho \d+ tail \d+ room \d+))$/ },
  // The app's own line, `<app> <version> (<build id>)`: only its build id's shape gives it away.
  { field: 'app', pattern: /^(\S+ \S+ \(\d{8}-\d{6}[^)]*\))$/ },
];

export interface BannerMatch {
  field: BannerField;
  value: string;
  reboot: boolean;
}

export function matchBanner(content: string): BannerMatch | undefined {
  for (const { field, pattern, reboot } of bannerPatterns) {
    const m = pattern.exec(content);
    if (m) return { field, value: m[1]!, reboot: reboot === true };
  }
  return undefined;
}
