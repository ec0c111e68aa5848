export * from './jetstream-topology';
export * from './jetstream.context';
export * from './jetstream.server';
export * from './jetstream.publisher';
export * from './nats-wake-ups';
export * from './nats-connection';
export * from './jetstream-error.filter';
export * from './nats-request-reply';
