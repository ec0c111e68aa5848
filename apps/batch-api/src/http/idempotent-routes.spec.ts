import 'reflect-metadata';
import { RequestMethod } from '@nestjs/common';
import { INTERCEPTORS_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { DOCUMENTED_CONTROLLERS } from '../openapi/controllers';
import { IdempotencyInterceptor, MultipartIdempotencyInterceptor, idempotentPostRoutes } from './idempotency.interceptor';

/** Every handler of the API's controllers with its HTTP method and route interceptors. */
function handlers(): Array<{ route: string; method: RequestMethod; interceptors: unknown[] }> {
  return DOCUMENTED_CONTROLLERS.flatMap((controller) => {
    const proto = controller.prototype as unknown as Record<string, unknown>;
    return Object.getOwnPropertyNames(proto)
      .filter((name) => name !== 'constructor' && typeof proto[name] === 'function' && Reflect.getMetadata(METHOD_METADATA, proto[name] as object) !== undefined)
      .map((name) => ({
        route: `${controller.name}.${name}`,
        method: Reflect.getMetadata(METHOD_METADATA, proto[name] as object) as RequestMethod,
        interceptors: (Reflect.getMetadata(INTERCEPTORS_METADATA, proto[name] as object) as unknown[] | undefined) ?? [],
      }));
  });
}

describe('Idempotency-Key on the POST routes', () => {
  beforeAll(() => idempotentPostRoutes(DOCUMENTED_CONTROLLERS));

  it('puts the interceptor first on every POST route, once, and on no other route', () => {
    const all = handlers();
    const posts = all.filter((h) => h.method === RequestMethod.POST);
    expect(posts.length).toBeGreaterThan(20);
    for (const h of posts) {
      expect({ route: h.route, first: h.interceptors[0] }).toEqual({ route: h.route, first: IdempotencyInterceptor });
      expect(h.interceptors.filter((i) => i === IdempotencyInterceptor)).toHaveLength(1);
    }
    for (const h of all.filter((x) => x.method !== RequestMethod.POST)) expect({ route: h.route, interceptors: h.interceptors }).toEqual({ route: h.route, interceptors: [] });
    // Multipart routes keep their parser and the after-parts instance behind it.
    expect(posts.some((h) => h.interceptors.includes(MultipartIdempotencyInterceptor))).toBe(true);
    // Applying it again changes nothing.
    idempotentPostRoutes(DOCUMENTED_CONTROLLERS);
    expect(handlers().map((h) => h.interceptors.length)).toEqual(all.map((h) => h.interceptors.length));
  });
});
