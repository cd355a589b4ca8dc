export { composePersonalities } from './compose.ts';
export { faithful } from './faithful.ts';
export type {
  FuzzContext,
  NominalDelayContext,
  Personality,
  PersonalityHookName,
  QosContext,
  SwitchContext,
} from './personality.ts';
export { personalityHookNames } from './personality.ts';
export {
  builtInPersonalities,
  builtInPersonality,
  builtInPersonalityNames,
  loadPersonalities,
  loadPersonality,
} from './registry.ts';
