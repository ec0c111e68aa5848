import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';

/** A request as the test server saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

const EPOCH_HEADER = 'x-test-epoch';

export type Handler = (req: SeenRequest, res: ServerResponse) => void | Promise<void>;

/**
 * A real HTTP server on a free loopback port for the SDK's unit tests (the SDK is an HTTP client:
 * its tests speak HTTP). Each test routes requests with its own handler and reads what was sent.
 * Not exported from the SDK's index: tests import it by path.
 */
export class TestServer {
  readonly seen: SeenRequest[] = [];
  private generation = 0;
  private epoch = 0;
  private handler: Handler = (_req, res) => {
    res.statusCode = 500;
    res.end('no handler');
  };

  private constructor(private readonly server: Server) {}

  static async start(): Promise<TestServer> {
    const holder: { instance?: TestServer } = {};
    const server = createServer((req, res) => {
      // A request a previous test or handler started (an aborted poll arriving late) is answered,
      // not recorded. The generation alone cannot tell: the server and the client share one event
      // loop, so a request written before an abort may be parsed only after the next test began.
      // Clients made with clientHeaders() say which test sent them.
      const generation = holder.instance?.generation;
      const epoch = req.headers[EPOCH_HEADER];
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const seen = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks) };
        const current = holder.instance;
        if (current !== undefined && generation === current.generation && (epoch === undefined || epoch === String(current.epoch))) current.seen.push(seen);
        Promise.resolve(holder.instance?.handler(seen, res)).catch((error: unknown) => {
          res.statusCode = 500;
          res.end(String(error));
        });
      });
    });
    const instance = new TestServer(server);
    holder.instance = instance;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return instance;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Headers for a test's client: requests with an older test's headers are not recorded. */
  clientHeaders(): Record<string, string> {
    this.epoch += 1;
    return { [EPOCH_HEADER]: String(this.epoch) };
  }

  handle(handler: Handler): void {
    this.handler = handler;
    this.seen.length = 0;
    this.generation += 1;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export function envelope(status: number, type: string, message: string, details: Record<string, unknown> | null = null) {
  return { success: false, status, error: { message, type, details } };
}
