import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiRoute } from '../openapi/api-route.decorator';
import { IngestionUseCases } from '../ingestion.provider';
import { taskResponse } from './presenters';
import { listTasksBody, parse } from './validation';
import { pageOf, pageQuery, paginationResponse } from './pagination';
import { GenericDeleteResponse, ListTasksResponse, TaskResponse } from './schemas';
import { currentPrincipal } from './auth.guard';
import { NotFoundError, Task } from '@strata/domain';
import { mayUseNamespace } from '@strata/api-use-cases';

/** Tasks are found by id across namespaces; a scoped key only sees its namespaces' tasks. */
function visible(task: Task): boolean {
  const ns = task.additionalData['namespace_id'];
  return typeof ns !== 'string' || mayUseNamespace(currentPrincipal(), ns);
}

/** Tasks are organization scoped (no X-Namespace), as in Mixpeek. */
@Controller('v1/tasks')
export class TasksController {
  constructor(private readonly useCases: IngestionUseCases) {}

  @Post('list')
  @HttpCode(200)
  @ApiRoute({ operationId: 'listTasks', response: ListTasksResponse, summary: 'List tasks (kept about 24 h)', tag: 'tasks', namespaced: false, body: listTasksBody, query: pageQuery })
  async list(@Body() body: unknown, @Query() query: unknown) {
    const input = parse(listTasksBody, body);
    const page = pageOf(parse(pageQuery, query, 'query'));
    const { limit, offset } = page;
    const scoped = currentPrincipal().namespaceIds !== null;
    // A scoped key's listing is filtered after the fact: read everything, then page.
    const { results: all, total: unfiltered } = await this.useCases.listTasks.execute({
      status: input.status ?? null,
      offset: scoped ? 0 : offset,
      limit: scoped ? 100_000 : limit,
    });
    const filtered = scoped ? all.filter(visible) : all;
    const results = scoped ? filtered.slice(offset, offset + limit) : filtered;
    const total = scoped ? filtered.length : unfiltered;
    return { results: results.map(taskResponse), pagination: paginationResponse(total, page), total_count: total };
  }

  @Get(':task')
  @ApiRoute({ operationId: 'getTask', response: TaskResponse, summary: 'Get a task; after it expires the batch answers for it', tag: 'tasks', namespaced: false })
  async get(@Param('task') taskId: string) {
    const task = await this.useCases.getTask.execute(taskId);
    if (!visible(task)) throw new NotFoundError('task', taskId);
    return taskResponse(task);
  }

  /** Kills the task: cancels its batch if it still runs, then removes the task. Idempotent. */
  @Delete(':task')
  @ApiRoute({ operationId: 'deleteTask', response: GenericDeleteResponse, summary: 'Kill a task: cancels its batch if still running, removes the task (idempotent)', tag: 'tasks', namespaced: false })
  async remove(@Param('task') taskId: string) {
    const task = await this.useCases.getTask.execute(taskId).catch(() => null);
    if (task !== null && !visible(task)) throw new NotFoundError('task', taskId);
    const { canceledBatchId } = await this.useCases.deleteTask.execute(taskId);
    return {
      success: true,
      message: canceledBatchId === null ? 'Successfully deleted' : `Successfully deleted; batch ${canceledBatchId} canceled`,
    };
  }
}
