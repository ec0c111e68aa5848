import { ArgumentsHost, Catch, INestApplication, INestMicroservice, RpcExceptionFilter } from '@nestjs/common';
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

/** Attaches a JetStream transport to a (hybrid) Nest app, with the error filter it needs. */
export function connectJetStream(app: INestApplication, options: JetStreamServerOptions): INestMicroservice {
  const microservice = app.connectMicroservice({ strategy: new JetStreamServer(options) }, { inheritAppConfig: false });
  microservice.useGlobalFilters(new JetStreamErrorFilter());
  return microservice;
}
