/**
 * The dashboard's pages, addressed by the URL fragment (`#/ns/demo/buckets/bkt_1`): the server
 * serves one page and needs no fallback route, and nothing secret ever goes into a URL (the API key
 * lives in sessionStorage, docs/adr/0094-dashboard.md). Pure: parsed and formatted without the DOM.
 */
export type Route =
  | { page: 'namespaces' }
  | { page: 'buckets'; ns: string }
  | { page: 'bucket'; ns: string; bucket: string }
  | { page: 'batch'; ns: string; bucket: string; batch: string }
  | { page: 'collections'; ns: string }
  | { page: 'collection'; ns: string; collection: string }
  | { page: 'webhooks'; ns: string }
  | { page: 'webhook'; ns: string; webhook: string };

const enc = encodeURIComponent;

/** The fragment of a route; every user-supplied part is percent-encoded. */
export function href(route: Route): string {
  switch (route.page) {
    case 'namespaces':
      return '#/';
    case 'buckets':
      return `#/ns/${enc(route.ns)}`;
    case 'bucket':
      return `#/ns/${enc(route.ns)}/buckets/${enc(route.bucket)}`;
    case 'batch':
      return `#/ns/${enc(route.ns)}/buckets/${enc(route.bucket)}/batches/${enc(route.batch)}`;
    case 'collections':
      return `#/ns/${enc(route.ns)}/collections`;
    case 'collection':
      return `#/ns/${enc(route.ns)}/collections/${enc(route.collection)}`;
    case 'webhooks':
      return `#/ns/${enc(route.ns)}/webhooks`;
    case 'webhook':
      return `#/ns/${enc(route.ns)}/webhooks/${enc(route.webhook)}`;
  }
}

function decode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

/** The route of a fragment; anything unknown or malformed is the namespace list. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#?\/?/, '').split('/').filter((p) => p !== '');
  const decoded = parts.map(decode);
  if (decoded.some((p) => p === null || p === '')) return { page: 'namespaces' };
  const [head, ns, kind, id, sub, subId] = decoded as string[];
  if (head !== 'ns' || ns === undefined) return { page: 'namespaces' };
  if (kind === undefined) return parts.length === 2 ? { page: 'buckets', ns } : { page: 'namespaces' };
  if (kind === 'buckets' && id !== undefined && sub === undefined && parts.length === 4) return { page: 'bucket', ns, bucket: id };
  if (kind === 'buckets' && id !== undefined && sub === 'batches' && subId !== undefined && parts.length === 6) {
    return { page: 'batch', ns, bucket: id, batch: subId };
  }
  if (kind === 'collections' && parts.length === 3) return { page: 'collections', ns };
  if (kind === 'collections' && id !== undefined && parts.length === 4) return { page: 'collection', ns, collection: id };
  if (kind === 'webhooks' && parts.length === 3) return { page: 'webhooks', ns };
  if (kind === 'webhooks' && id !== undefined && parts.length === 4) return { page: 'webhook', ns, webhook: id };
  return { page: 'namespaces' };
}

/** The namespace a route works in (null on the namespace list). */
export function namespaceOf(route: Route): string | null {
  return route.page === 'namespaces' ? null : route.ns;
}
