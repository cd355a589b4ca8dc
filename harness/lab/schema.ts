/**
 * The lab config (`hil.config.ts`): which boards, how to reach them, where the brokers
 * listen. Validated with zod; unknown keys are rejected so a typo is named, not ignored.
 */
import * as z from 'zod';
import { QUALIFY_TIME_SCALE } from '../time/defaults.ts';
import { planBrokerPorts } from './broker-ports.ts';

const name = z.string().regex(/^[A-Za-z0-9_.-]+$/, 'use letters, digits, _ . - (it names folders and Playwright projects)');

const port = z.int().min(1).max(65535);

/** A board's own broker pair (each board gets one; see broker-ports.ts). */
const boardBrokers = z.strictObject({ primaryPort: port, backupPort: port });

const tolerances = z.strictObject({
  /** ε of the timing windows `[0.9·d − ε, 1.1·d + ε]`, in device milliseconds. */
  epsilonMs: z.number().min(0).optional(),
});

export const virtualBoard = z.strictObject({
  name,
  kind: z.literal('virtual'),
  mac: z.string().optional(),
  /** Device seconds per wall second (default QUALIFY_TIME_SCALE, harness/time/defaults.ts). */
  timeScale: z.number().positive().default(QUALIFY_TIME_SCALE),
  seed: z.int().optional(),
  logVariant: z.enum(['master', '2.20.0']).optional(),
  personalities: z.array(z.string()).default([]),
  brokers: boardBrokers.optional(),
  tolerances: tolerances.optional(),
  /**
   * Mutation testing (harness/mutation/): the board loads its MQTT library from this
   * instrumented copy of harness/virtual/mqtt/, with mutant `id` switched on (none: the
   * copy behaves as the original and records which mutants it reaches in `coverageFile`).
   */
  mutant: z.strictObject({ instrumentedDir: z.string().min(1), id: z.string().optional(), coverageFile: z.string().optional() }).optional(),
  /**
   * Only the scenarios whose Playwright title ("file describe title @tags") matches this
   * regular expression run on this board: the kill matrix confines a personality to the
   * scenarios that judge the checks it must fail (harness/power/confine.ts).
   */
  scenarios: z
    .string()
    .min(1)
    .refine((re) => compiles(re), { message: 'not a regular expression JavaScript accepts: check its brackets and escapes' })
    .optional(),
});

function compiles(re: string): boolean {
  try {
    new RegExp(re);
    return true;
  } catch {
    return false;
  }
}

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
    brokers: boardBrokers.optional(),
    tolerances: tolerances.optional(),
  })
  .refine((b) => b.port !== undefined || b.serialNumber !== undefined, {
    message: 'give the board a `port` (e.g. /dev/ttyUSB0) or a `serialNumber`',
  });

/** A PEM file of the lab (a path, absolute or relative to the working directory). */
const pemFile = z.string().min(1);

/**
 * TLS scenarios (`@tls`): where the boards' certificates come from. `pki` (default): the
 * per-run test PKI (harness/tls/pki.ts), made fresh in memory each run. Or files the lab
 * provides: the CA the boards trust, the brokers' certificate and key, and per board a
 * client certificate and key. The negative cases (an unrelated CA, an expired
 * certificate, another name) always come from the per-run PKI.
 */
export const labTls = z.strictObject({
  certificates: z
    .union([
      z.literal('pki'),
      z.strictObject({
        ca: pemFile,
        serverCert: pemFile,
        serverKey: pemFile,
        clients: z.record(z.string(), z.strictObject({ cert: pemFile, key: pemFile })).default({}),
      }),
    ])
    .default('pki'),
  /**
   * A DNS name the boards resolve to the lab host. The library checks a server's name
   * only for DNS names, so without one a physical board's name check is not tested
   * (virtual boards use `broker.localhost`).
   */
  serverName: z.string().optional(),
});
export type LabTls = z.output<typeof labTls>;

export const labConfig = z
  .strictObject({
    boards: z.array(z.discriminatedUnion('kind', [virtualBoard, physicalBoard])).min(1),
    /** The address boards use to reach the brokers (the lab host's Wi-Fi-side address). */
    host: z.string().default('127.0.0.1'),
    brokers: z
      .strictObject({
        bind: z.string().default('127.0.0.1'),
        primaryPort: z.int().min(0).max(65535).default(0),
        backupPort: z.int().min(0).max(65535).default(0),
        /** Each board without ports of its own gets the next two ports counted up from here. */
        basePort: port.optional(),
      })
      .prefault({}),
    /** Path to the `mos` tool (default: `mos` on PATH). */
    mos: z.string().default('mos'),
    /** Chromium for the PDF report (default: found on PATH). */
    chromium: z.string().optional(),
    tls: labTls.prefault({}),
  })
  .superRefine((lab, ctx) => {
    // A board is one Playwright project, one log folder and one set of evidence: two of one name would mix them.
    const seen = new Map<string, number>();
    for (const [i, board] of lab.boards.entries()) {
      const first = seen.get(board.name);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['boards', i, 'name'], message: `board name "${board.name}" is already used by boards[${first}]: every board needs a name of its own` });
      } else seen.set(board.name, i);
    }
    for (const problem of planBrokerPorts(lab).problems) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
  });

export type LabConfigInput = z.input<typeof labConfig>;
export type LabConfig = z.output<typeof labConfig>;
export type BoardSpec = LabConfig['boards'][number];
export type VirtualBoardSpec = z.output<typeof virtualBoard>;
export type PhysicalBoardSpec = z.output<typeof physicalBoard>;

/** Device seconds per wall second for a board of the lab: a physical board runs in real time. */
export function timeScaleOf(board: BoardSpec): number {
  return board.kind === 'virtual' ? board.timeScale : 1;
}

/** Typed helper for hil.config.ts: `export default defineLab({ boards: [...] })`. */
export function defineLab(config: LabConfigInput): LabConfigInput {
  return config;
}
