import { BatchesController } from '../http/batches.controller';
import { BucketsController } from '../http/buckets.controller';
import { CollectionResourcesController } from '../http/collection-resources.controller';
import { CollectionsController } from '../http/collections.controller';
import { CollectionTriggerController } from '../http/collection-trigger.controller';
import { SchedulesController } from '../http/schedules.controller';
import { NamespacesController } from '../http/namespaces.controller';
import { ObjectsController } from '../http/objects.controller';
import { ObjectDocumentsController } from '../http/object-documents.controller';
import { UploadsController } from '../http/uploads.controller';
import { TasksController } from '../http/tasks.controller';
import { WebhooksController } from '../http/webhooks.controller';

/** The controllers AppModule registers, in routing order. */
export const API_CONTROLLERS = [
  NamespacesController,
  BucketsController,
  ObjectsController,
  ObjectDocumentsController,
  UploadsController,
  CollectionsController,
  CollectionResourcesController,
  CollectionTriggerController,
  BatchesController,
  SchedulesController,
  TasksController,
];

/** Every controller whose routes the OpenAPI document lists (webhooks live in WebhooksModule). */
export const DOCUMENTED_CONTROLLERS = [...API_CONTROLLERS, WebhooksController];
