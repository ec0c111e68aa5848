/** Dependency-injection tokens of the ports and shared infrastructure. */
export const TOKENS = {
  logger: Symbol('Logger'),
  busNames: Symbol('BusNames'),
  nats: Symbol('NatsConnection'),
  redis: Symbol('Redis'),
  metadataStore: Symbol('MetadataStore'),
  objectStorage: Symbol('ObjectStorage'),
  vectorStore: Symbol('VectorStore'),
  taskStore: Symbol('TaskStore'),
  publisher: Symbol('JetStreamPublisher'),
  wakeUps: Symbol('WakeUps'),
  extractors: Symbol('ExtractorRegistry'),
  /** This process's PrometheusMetrics (implements the Metrics port). */
  metrics: Symbol('Metrics'),
} as const;
