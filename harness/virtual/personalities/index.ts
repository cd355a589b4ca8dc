export { composePersonalities } from './compose.ts';
export { faithful } from './faithful.ts';
export type { BootedPersonality, BoundHooks } from './booted.ts';
export { bootPersonality } from './booted.ts';
export type {
  AttemptEnd,
  AttemptEndKind,
  BootContext,
  FuzzContext,
  NominalDelayContext,
  Personality,
  PersonalityEventName,
  PersonalityHookName,
  QosContext,
  QueueEntryView,
  SwitchContext,
  WaitContext,
} from './personality.ts';
export { personalityEventNames, personalityHookNames } from './personality.ts';
export {
  builtInPersonalities,
  builtInPersonality,
  builtInPersonalityNames,
  loadPersonalities,
  loadPersonality,
} from './registry.ts';
