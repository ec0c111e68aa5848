import { BatchesController } from '../http/batches.controller';
import { BucketsController } from '../http/buckets.controller';
import { CollectionsController } from '../http/collections.controller';
import { NamespacesController } from '../http/namespaces.controller';
import { TasksController } from '../http/tasks.controller';

/** The API's controllers, in routing order (the OpenAPI document lists what they declare). */
export const API_CONTROLLERS = [NamespacesController, BucketsController, CollectionsController, BatchesController, TasksController];
