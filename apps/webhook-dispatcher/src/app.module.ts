import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule } from '@strata/platform';
import type { Logger } from '@strata/ports';
import type { DispatcherConfig } from './config';
import { DomainEventHandler } from './domain-event.handler';

@Module({})
export class AppModule {
  static register(config: DispatcherConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot({ service: 'webhook-dispatcher', env: config, logger, uses: {} })],
      controllers: [DomainEventHandler],
    };
  }
}
