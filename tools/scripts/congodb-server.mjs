#!/usr/bin/env node
// Starts CongoDB (a MongoDB wire-protocol server in TypeScript, from @push.rocks/smartmongo) in
// memory, for tests and local runs without a MongoDB server. Prints "ready <port>" once listening.
// Usage: node tools/scripts/congodb-server.mjs [port]
import * as congodb from '@push.rocks/smartmongo/dist_ts/congodb/index.js';

const port = Number(process.argv[2] ?? 27017);
const server = new congodb.CongoServer({ port, host: '127.0.0.1', storage: 'memory' });
await server.start();
process.stdout.write(`ready ${port}\n`);
const stop = async () => {
  await server.stop().catch(() => undefined);
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
