export {
  createServerMetrics,
  type ErrorKind,
  type MetricsSources,
  type ServerMetrics,
  type ServerMetricsOptions,
} from './createServerMetrics.js';
export { instrumentStore } from './instrumentStore.js';
export { type MessageKind, messageKindOf, messageKinds } from './messageKind.js';
export { MessageTally } from './messageTally.js';
export { metricsRoute } from './metricsRoute.js';
export { type HttpGuardMetrics, httpGuardMetrics } from './httpGuardMetrics.js';
