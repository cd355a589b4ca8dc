/**
 * The lab config (`hil.config.ts`): which boards, how to reach them, where the brokers
 * listen. Validated with zod; unknown keys are rejected so a typo is named, not ignored.
 */
import * as z from 'zod';

const name = z.string().regex(/^[A-Za-z0-9_.-]+$/, 'use letters, digits, _ . - (it names folders and Playwright projects)');

const tolerances = z.strictObject({
  /** ε of the timing windows `[0.9·d − ε, 1.1·d + ε]`, in device milliseconds. */
  epsilonMs: z.number().min(0).optional(),
});

export const virtualBoard = z.strictObject({
  name,
  kind: z.literal('virtual'),
  mac: z.string().optional(),
  /** Device seconds per wall second. */
  timeScale: z.number().positive().optional(),
  seed: z.int().optional(),
  logVariant: z.enum(['master', '2.20.0']).optional(),
  personalities: z.array(z.string()).default([]),
  tolerances: tolerances.optional(),
});

export const physicalBoard = z
  .strictObject({
    name,
    kind: z.literal('physical'),
    /** Serial port path, e.g. /dev/ttyUSB0 … */
    port: z.string().optional(),
    /** … or the USB serial number of its adapter (stable across re-plugging). */
    serialNumber: z.string().optional(),
    reset: z.enum(['dtr-rts', 'rpc', 'none']).default('dtr-rts'),
    /** Firmware zip for `hil flash` (default firmware/build/fw.zip). */
    firmware: z.string().optional(),
    wifi: z.strictObject({ ssid: z.string().min(1), pass: z.string() }),
    tolerances: tolerances.optional(),
  })
  .refine((b) => b.port !== undefined || b.serialNumber !== undefined, {
    message: 'give the board a `port` (e.g. /dev/ttyUSB0) or a `serialNumber`',
  });

export const labConfig = z.strictObject({
  boards: z.array(z.discriminatedUnion('kind', [virtualBoard, physicalBoard])).min(1),
  /** The address boards use to reach the brokers (the lab host's Wi-Fi-side address). */
  host: z.string().default('127.0.0.1'),
  brokers: z
    .strictObject({
      bind: z.string().default('127.0.0.1'),
      primaryPort: z.int().min(0).max(65535).default(0),
      backupPort: z.int().min(0).max(65535).default(0),
    })
    .prefault({}),
  /** Path to the `mos` tool (default: `mos` on PATH). */
  mos: z.string().default('mos'),
  /** Chromium for the PDF report (default: found on PATH). */
  chromium: z.string().optional(),
});

export type LabConfigInput = z.input<typeof labConfig>;
export type LabConfig = z.output<typeof labConfig>;
export type BoardSpec = LabConfig['boards'][number];
export type VirtualBoardSpec = z.output<typeof virtualBoard>;
export type PhysicalBoardSpec = z.output<typeof physicalBoard>;

/** Typed helper for hil.config.ts: `export default defineLab({ boards: [...] })`. */
export function defineLab(config: LabConfigInput): LabConfigInput {
  return config;
}
