import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule } from '@strata/platform';
import type { Logger } from '@strata/ports';
import type { PollerConfig } from './config';
import { POLLER_CONFIG, PollLoop } from './poll.loop';

@Module({})
export class AppModule {
  static register(config: PollerConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot({ service: 'poller', env: config, logger, uses: { metadata: true, objectStorage: true, vectors: true, redis: true }, outboxRelay: true }),
      ],
      providers: [{ provide: POLLER_CONFIG, useValue: config }, PollLoop],
    };
  }
}
