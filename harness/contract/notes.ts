/**
 * The timeline's note texts that another part reads back: the scenario writes them,
 * the progress reporter and the report model look for them. One const, so a reworded
 * note cannot silently stop a reader from finding it.
 */
export const NOTE = {
  /** The scenario's own slice begins; `data` is {@link ScenarioStartData}. */
  scenarioStart: 'scenario start',
  /** Connections accepted before the scenario were fenced at a gate; `data`: { broker, conns }. */
  oldSessionsFenced: 'old sessions fenced',
  /** A wait on the device expired; the checks still judge. `data`: { error }. */
  waitExpired: 'a wait expired; judging what was seen',
  /** The end of the slice the checks judge. `data`: { checks, hostLag? }. */
  checksJudge: 'checks judge the slice up to here',
  /** The scenario broke; no check judged. `data`: { reason }. */
  scenarioBroken: 'scenario broken; nothing judged',
} as const;

export type NoteText = (typeof NOTE)[keyof typeof NOTE];

/** What the scenario-start note carries: the servers of `mqtt` and `mqtt1` as configured. */
export interface ScenarioStartData {
  mqtt: string;
  mqtt1: string;
}
