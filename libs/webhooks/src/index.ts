export * from './deps';
export * from './signing';
export * from './webhooks';
export * from './dispatch-event';
export * from './deliver-webhook';
export * from './deliveries';
