import { ArgumentsHost, Catch, INestApplication, INestMicroservice, RpcExceptionFilter } from '@nestjs/common';
import type { NestMicroservice } from '@nestjs/microservices';
import { Observable, throwError } from 'rxjs';
import { JetStreamServer, JetStreamServerOptions } from './jetstream.server';

/**
 * Nest's default RPC filter replaces an unknown error with "Internal server error". The
 * JetStream transport needs the original error (its message goes to the dead-letter stream and
 * the logs), so this filter hands it through untouched.
 */
@Catch()
export class JetStreamErrorFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}

/**
 * Attaches a JetStream transport to a (hybrid) Nest app, with the error filter it needs.
 *
 * The filter must be in place before the handlers are registered: a hybrid microservice binds
 * its handlers, with the filters known at that moment, inside `connectMicroservice` unless
 * initialisation is deferred, and a filter added afterwards is ignored (Nest only warns), which
 * left every handler error reading "Internal server error" in the logs and the dead letters. So
 * initialisation is deferred, the filter added, and the handlers registered the way
 * `connectMicroservice` would have (without running the app's init hooks a second time).
 */
export function connectJetStream(app: INestApplication, options: JetStreamServerOptions): INestMicroservice {
  const microservice = app.connectMicroservice(
    { strategy: new JetStreamServer(options) },
    { inheritAppConfig: false, deferInitialization: true },
  ) as NestMicroservice;
  microservice.useGlobalFilters(new JetStreamErrorFilter());
  microservice.registerListeners();
  microservice.setIsInitialized(true);
  microservice.setIsInitHookCalled(true);
  return microservice;
}
