import type { LookupAddress } from 'node:dns';
import { lookup as dnsLookup, promises as dns } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, LookupFunction, isIP } from 'node:net';
import type { WebhookPostResult, WebhookSender, WebhookTargetPolicy } from '@strata/ports';

/**
 * Address ranges a webhook may not reach unless allowlisted: loopback, private (RFC 1918, ULA),
 * link-local (incl. cloud metadata 169.254.169.254), CGNAT, "this network", multicast and
 * reserved ranges, and their IPv4-mapped IPv6 forms.
 */
const BLOCKED_V4: Array<[string, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];
const BLOCKED_V6: Array<[string, number]> = [
  // Unspecified, loopback and the deprecated IPv4-compatible range (::a.b.c.d).
  ['::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
];

function blockList(entries: ReadonlyArray<[string, number]>, type: 'ipv4' | 'ipv6'): BlockList {
  const list = new BlockList();
  for (const [net, prefix] of entries) list.addSubnet(net, prefix, type);
  return list;
}

const BLOCKED4 = blockList(BLOCKED_V4, 'ipv4');
const BLOCKED6 = blockList(BLOCKED_V6, 'ipv6');

/** IPv4-mapped IPv6 to IPv4: `::ffff:10.0.0.1` or `::ffff:a00:1` -> `10.0.0.1`. */
function unmapV4(address: string): string | null {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (dotted) return dotted[1] as string;
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return null;
  const hi = Number.parseInt(hex[1] as string, 16);
  const lo = Number.parseInt(hex[2] as string, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/**
 * Decides whether an address may be called. The allowlist holds addresses or CIDRs
 * (`127.0.0.1`, `10.1.0.0/16`, `fd00::/8`) an operator opens on purpose.
 */
export class SsrfGuard {
  private readonly allowed = new BlockList();

  constructor(allowlist: readonly string[] = []) {
    for (const raw of allowlist) {
      const entry = raw.trim();
      if (entry === '') continue;
      const [net, prefix] = entry.split('/') as [string, string | undefined];
      const type = isIP(net) === 6 ? 'ipv6' : isIP(net) === 4 ? 'ipv4' : null;
      if (type === null) throw new Error(`webhook allowlist entry '${entry}' is not an IP address or CIDR`);
      if (prefix === undefined) this.allowed.addAddress(net, type);
      else this.allowed.addSubnet(net, Number(prefix), type);
    }
  }

  /** null when the address may be called, else why not. */
  check(address: string): string | null {
    const mapped = unmapV4(address);
    const addr = mapped ?? address;
    const type = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
    if (this.allowed.check(addr, type)) return null;
    const blocked = type === 'ipv4' ? BLOCKED4.check(addr, 'ipv4') : BLOCKED6.check(addr, 'ipv6');
    return blocked ? `target address ${address} is private, loopback or link-local and not in the webhook allowlist` : null;
  }
}

/**
 * The check when a webhook is saved: a literal address, or every address the host name resolves
 * to now, must pass the guard. A name that does not resolve is accepted (the receiver may not be
 * deployed yet); its deliveries are checked again, address by address, when they connect.
 */
export class SsrfTargetPolicy implements WebhookTargetPolicy {
  constructor(
    private readonly guard: SsrfGuard,
    private readonly resolve: (host: string) => Promise<Array<{ address: string }>> = (host) => dns.lookup(host, { all: true }),
  ) {}

  async refusal(url: string): Promise<string | null> {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return `invalid URL ${url}`;
    }
    const host = target.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) !== 0) return this.guard.check(host);
    let addresses: Array<{ address: string }>;
    try {
      addresses = await this.resolve(host);
    } catch {
      return null;
    }
    for (const a of addresses) {
      const reason = this.guard.check(a.address);
      if (reason !== null) return `${host} resolves to ${a.address}: ${reason}`;
    }
    return null;
  }
}

class BlockedTargetError extends Error {
  readonly code = 'ESTRATABLOCKED';
}

/** Most of a response body a receiver can make us read (we only need the status). */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * POSTs with node:http(s). The SSRF check runs inside the socket's DNS lookup, on every address
 * the name resolves to, so the connection goes to an address that was checked (no DNS-rebinding
 * window between check and connect). Redirects are not followed (a 3xx is a failed attempt).
 */
export class GuardedWebhookSender implements WebhookSender {
  constructor(private readonly guard: SsrfGuard) {}

  post(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<WebhookPostResult> {
    const started = Date.now();
    const elapsed = (): number => Date.now() - started;
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return Promise.resolve({ kind: 'blocked', error: `invalid URL ${url}`, latencyMs: 0 });
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      return Promise.resolve({ kind: 'blocked', error: `unsupported scheme ${target.protocol}`, latencyMs: 0 });
    }
    const host = target.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) !== 0) {
      const reason = this.guard.check(host);
      if (reason !== null) return Promise.resolve({ kind: 'blocked', error: reason, latencyMs: 0 });
    }
    const guard = this.guard;
    const lookup: LookupFunction = (hostname, options, callback) => {
      dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
        if (err) return callback(err, '', 0);
        for (const a of addresses) {
          const reason = guard.check(a.address);
          if (reason !== null) return callback(new BlockedTargetError(reason), '', 0);
        }
        const first = addresses[0] as LookupAddress;
        // Node asks for all addresses (happy eyeballs) or for one.
        if (options.all === true) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
        return callback(null, first.address, first.family);
      });
    };
    const payload = Buffer.from(body, 'utf8');
    return new Promise<WebhookPostResult>((resolve) => {
      let settled = false;
      const done = (r: WebhookPostResult): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(r);
      };
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(
        target,
        { method: 'POST', headers: { ...headers, 'content-length': String(payload.length) }, lookup, agent: false },
        (res) => {
          let read = 0;
          res.on('data', (chunk: Buffer) => {
            read += chunk.length;
            if (read > MAX_RESPONSE_BYTES) res.destroy();
          });
          const finish = (): void => done({ kind: 'response', statusCode: res.statusCode ?? 0, latencyMs: elapsed() });
          res.on('end', finish);
          res.on('close', finish);
          res.on('error', finish);
        },
      );
      const timer = setTimeout(() => {
        req.destroy(new Error(`no response within ${timeoutMs} ms`));
      }, timeoutMs);
      req.on('error', (error: Error) => {
        if (error instanceof BlockedTargetError) done({ kind: 'blocked', error: error.message, latencyMs: elapsed() });
        else done({ kind: 'error', error: error.message, latencyMs: elapsed() });
      });
      req.end(payload);
    });
  }
}
