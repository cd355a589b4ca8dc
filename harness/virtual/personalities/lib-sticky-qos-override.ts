import type { Personality } from './personality.ts';

export const libStickyQosOverride: Personality = {
  name: 'lib-sticky-qos-override',
  description: 'The library defect "a runtime QoS override cannot be undone": setting the max QoS to the value of config max_qos is ignored, so a lowered cap stays.',
  maxQosOverride: ({ requested, configMaxQos, current }, faithful) => (requested === configMaxQos ? current : faithful),
};
