import { NatsConnection, connect } from 'nats';

/** Connects to NATS, retrying forever on disconnects (work resumes when the server is back). */
export async function connectNats(url: string, name: string): Promise<NatsConnection> {
  return connect({
    servers: url.split(',').map((s) => s.trim()),
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1_000,
    timeout: 5_000,
  });
}
