import { Route, href, namespaceOf, parseRoute } from './routes';

describe('dashboard routes', () => {
  const routes: Route[] = [
    { page: 'namespaces' },
    { page: 'buckets', ns: 'demo' },
    { page: 'bucket', ns: 'demo', bucket: 'bkt_1' },
    { page: 'batch', ns: 'demo', bucket: 'bkt_1', batch: 'btch_2' },
    { page: 'collections', ns: 'demo' },
    { page: 'collection', ns: 'demo', collection: 'col_3' },
    { page: 'webhooks', ns: 'demo' },
    { page: 'webhook', ns: 'demo', webhook: 'wh_4' },
  ];

  it.each(routes)('formats and parses $page back to the same route', (route) => {
    expect(parseRoute(href(route))).toEqual(route);
  });

  it('percent-encodes user data, so a value cannot add path segments or leave the fragment', () => {
    const route: Route = { page: 'bucket', ns: 'a/b?c#d', bucket: '<img src=x onerror=alert(1)>' };
    const fragment = href(route);
    expect(fragment.startsWith('#/ns/')).toBe(true);
    expect(fragment.slice(1)).not.toMatch(/[#?<> ]/);
    expect(parseRoute(fragment)).toEqual(route);
  });

  it('treats unknown, malformed and extra segments as the namespace list', () => {
    for (const hash of ['', '#', '#/', '#/nope', '#/ns', '#/ns/a/buckets', '#/ns/a/buckets/b/batches', '#/ns/a/b/c/d/e/f/g', '#/ns/%E0%A4%A', '#/ns/a/collections/x/y']) {
      expect(parseRoute(hash)).toEqual({ page: 'namespaces' });
    }
  });

  it('knows the namespace a page works in', () => {
    expect(namespaceOf({ page: 'namespaces' })).toBeNull();
    expect(namespaceOf({ page: 'webhook', ns: 'x', webhook: 'w' })).toBe('x');
  });
});
