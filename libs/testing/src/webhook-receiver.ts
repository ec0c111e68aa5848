import { createHmac, timingSafeEqual } from 'node:crypto';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { freePort } from './isolation';

/**
 * An independent verifier of Standard Webhooks signatures, written from the specification
 * (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md),
 * not from Strata's signer: signed content = `${webhook-id}.${webhook-timestamp}.${body}`, key =
 * base64-decode(secret without "whsec_"), HMAC-SHA256, base64; the header is a space-separated
 * list of `v1,<sig>`; any match verifies; timestamps more than `toleranceSeconds` away fail.
 */
export function verifyStandardWebhook(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  body: string,
  toleranceSeconds = 300,
  nowSeconds = Math.floor(Date.now() / 1000),
): { ok: true } | { ok: false; reason: string } {
  const id = headers['webhook-id'];
  const ts = headers['webhook-timestamp'];
  const sigs = headers['webhook-signature'];
  if (typeof id !== 'string' || typeof ts !== 'string' || typeof sigs !== 'string') return { ok: false, reason: 'missing headers' };
  const timestamp = Number.parseInt(ts, 10);
  if (!Number.isFinite(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds) return { ok: false, reason: 'timestamp out of tolerance' };
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest();
  for (const part of sigs.split(' ')) {
    const [version, value] = part.split(',', 2);
    if (version !== 'v1' || value === undefined) continue;
    const given = Buffer.from(value, 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true };
  }
  return { ok: false, reason: 'no signature matches' };
}

export interface ReceivedWebhook {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json: Record<string, unknown>;
  at: number;
}

/** How the receiver answers: a status code, optionally after a delay (a slow receiver). */
export interface ReceiverBehaviour {
  status: number;
  delayMs?: number;
}

/**
 * A real HTTP receiver on 127.0.0.1 for webhook tests. It can be stopped and started again on the
 * same port (a receiver that is down for a while), and its answer can be changed per path.
 */
export class WebhookReceiver {
  /** Requests answered with a 2xx: the deliveries that counted. */
  readonly received: ReceivedWebhook[] = [];
  /** Every request that reached the receiver, with the status it was (to be) answered with. */
  readonly hits: Array<{ path: string; status: number; at: number }> = [];
  private server: Server | null = null;
  private readonly behaviours = new Map<string, ReceiverBehaviour>();
  private fallback: ReceiverBehaviour = { status: 204 };

  private constructor(readonly port: number) {}

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver(await freePort());
    await receiver.up();
    return receiver;
  }

  url(path = '/hook'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Answer for one path (default: 204 for every path). */
  behave(path: string | null, behaviour: ReceiverBehaviour): void {
    if (path === null) this.fallback = behaviour;
    else this.behaviours.set(path, behaviour);
  }

  at(path: string): ReceivedWebhook[] {
    return this.received.filter((r) => r.path === path);
  }

  async up(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  /** Stops listening; connections are refused until up() (the port stays ours in practice). */
  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0] as string;
      const behaviour = this.behaviours.get(path) ?? this.fallback;
      const body = Buffer.concat(chunks).toString('utf8');
      this.hits.push({ path, status: behaviour.status, at: Date.now() });
      const answer = (): void => {
        if (res.destroyed) return;
        let json: Record<string, unknown> = {};
        try {
          json = JSON.parse(body) as Record<string, unknown>;
        } catch {
          json = {};
        }
        // Only answered requests count as received: a timed-out attempt is not a delivery.
        if (behaviour.status >= 200 && behaviour.status < 300) this.received.push({ path, headers: req.headers, body, json, at: Date.now() });
        res.statusCode = behaviour.status;
        res.end();
      };
      if (behaviour.delayMs) {
        const timer = setTimeout(answer, behaviour.delayMs);
        res.on('close', () => clearTimeout(timer));
      } else answer();
    });
  }
}
