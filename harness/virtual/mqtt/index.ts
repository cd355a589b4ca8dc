export { ConnState } from './connection-state.ts';
export type { MqttDeps, MqttTransport } from './deps.ts';
export type { LogSink, LogVariant } from './log-lines.ts';
export { MqttClient, type MqttStatus } from './client.ts';
export { planReconnect, type ScheduleInput, type SchedulePlan } from './reconnect-schedule.ts';
export { topicMatches } from './topic-match.ts';
export type { ConfigName, IncomingAck, KeepAlivePlan, Qos, TopicQos } from './types.ts';
