import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { IngestionUseCases } from '../ingestion.provider';
import { taskResponse } from './presenters';
import { listTasksBody, paginationQuery, parse } from './validation';

/** Tasks are organization scoped (no X-Namespace), as in Mixpeek. */
@Controller('v1/tasks')
export class TasksController {
  constructor(private readonly useCases: IngestionUseCases) {}

  @Post('list')
  @HttpCode(200)
  async list(@Body() body: unknown, @Query() query: unknown) {
    const input = parse(listTasksBody, body);
    const page = parse(paginationQuery, query, 'query');
    const limit = page.limit ?? 100;
    const offset = page.offset ?? 0;
    const { results, total } = await this.useCases.listTasks.execute({ status: input.status ?? null, offset, limit });
    const pages = Math.ceil(total / limit);
    const current = Math.floor(offset / limit) + 1;
    return {
      results: results.map(taskResponse),
      pagination: {
        total,
        page: current,
        page_size: limit,
        total_pages: pages,
        next_page: current < pages ? current + 1 : null,
        previous_page: current > 1 ? current - 1 : null,
        next_cursor: null,
      },
    };
  }

  @Get(':task')
  async get(@Param('task') taskId: string) {
    return taskResponse(await this.useCases.getTask.execute(taskId));
  }

  /** Kills the task: cancels its batch if it still runs, then removes the task. Idempotent. */
  @Delete(':task')
  async remove(@Param('task') taskId: string) {
    const { canceledBatchId } = await this.useCases.deleteTask.execute(taskId);
    return {
      success: true,
      message: canceledBatchId === null ? 'Successfully deleted' : `Successfully deleted; batch ${canceledBatchId} canceled`,
    };
  }
}
