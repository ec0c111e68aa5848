import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '@strata/domain';
import { OPEN_PRINCIPAL, Principal, mayUseNamespace } from '@strata/api-use-cases';
import { requestContext } from '@strata/platform';
import type { Request } from 'express';
import type { BatchApiConfig } from '../config';
import { BATCH_API_CONFIG, IngestionUseCases } from '../ingestion.provider';

const IS_PUBLIC = 'strata:public';

/** Marks a route that needs no API key (health, API docs, presigned uploads carrying their own token). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Authenticates every request with `Authorization: Bearer <api key>` (keys are stored hashed),
 * and puts the caller's namespace scope into the request context. AUTH_MODE=none lets everything
 * through as an unscoped caller: a development mode that must be chosen explicitly.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly useCases: IngestionUseCases,
    @Inject(BATCH_API_CONFIG) private readonly config: BatchApiConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    // Probes and the Prometheus scrape carry no tenant data (route templates, no ids): no key needed.
    if (isPublic === true || req.path.startsWith('/health/') || req.path === '/metrics') return true;
    const store = requestContext.getStore();
    if (this.config.AUTH_MODE === 'none') {
      if (store) store.principal = OPEN_PRINCIPAL;
      return true;
    }
    const match = BEARER.exec(req.header('authorization') ?? '');
    if (match === null) {
      throw new UnauthorizedError('an API key is required: send "Authorization: Bearer sk_..." (see README, API keys)');
    }
    const principal = await this.useCases.authenticateApiKey.execute(match[1] as string);
    if (principal === null) throw new UnauthorizedError('the API key is not valid or has been revoked');
    if (store) store.principal = principal;
    return true;
  }
}

/** The caller of the current request (unscoped when no guard ran, e.g. in unit tests). */
export function currentPrincipal(): Principal {
  return (requestContext.getStore()?.principal as Principal | undefined) ?? OPEN_PRINCIPAL;
}

/** A namespace outside the caller's scope looks exactly like one that does not exist. */
export function assertNamespaceAccess(namespaceId: string, reference: string): void {
  if (!mayUseNamespace(currentPrincipal(), namespaceId)) throw new NotFoundError('namespace', reference);
}

/** Creating or listing namespaces needs an unscoped key. */
export function assertAdministrator(action: string): void {
  if (currentPrincipal().namespaceIds !== null) {
    throw new ForbiddenError(`${action} needs an API key that is not limited to some namespaces`);
  }
}
