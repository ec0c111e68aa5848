import { Controller, Get, Param } from '@nestjs/common';
import { IngestionUseCases } from '../ingestion.provider';
import { taskResponse } from './presenters';

/** Tasks are organization scoped (no X-Namespace), as in Mixpeek. */
@Controller('v1/tasks')
export class TasksController {
  constructor(private readonly useCases: IngestionUseCases) {}

  @Get(':task')
  async get(@Param('task') taskId: string) {
    return taskResponse(await this.useCases.getTask.execute(taskId));
  }
}
