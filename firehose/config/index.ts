/** The delivery stream configuration file shared by the replay and the deploy template (schema, defaults, loader). */
export {
  loadStreamConfig,
  type ResolvedStreamConfig,
  resolveStreamConfig,
  type StreamConfig,
  STREAM_CONFIG_DEFAULTS,
  STREAM_CONFIG_SCHEMA,
  StreamConfigError,
  validateStreamConfig,
} from './streamConfig.js';
