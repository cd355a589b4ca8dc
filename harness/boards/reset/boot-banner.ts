/**
 * The `Mongoose OS <version> (<id>)` banner that follows every reboot, whichever way the
 * board was reset. It comes before the firmware answers RPC; a session waits for the test
 * firmware's own boot event instead (BoardSession.waitForBoot).
 */
import type { MonoMs } from '../../clock.ts';
import type { SerialLink } from '../../serial/serial-link.ts';
import type { BannerLine, SerialLine } from '../../serial/serial-line.ts';

function isRebootMarker(line: SerialLine): line is BannerLine {
  return line.type === 'banner' && line.reboot;
}

/** Waits for the boot banner at or after `since`. */
export async function waitForBootBanner(link: SerialLink, options: { since: MonoMs; timeoutMs: number }): Promise<BannerLine> {
  const line = await link.expect(isRebootMarker, { ...options, description: 'the Mongoose OS boot banner' });
  return line as BannerLine;
}
