import { BATCH_OUTCOMES } from '@strata/domain';
import { ApiClient, StrataCluster, waitFor } from '@strata/testing';
import { createFixture, listDocuments, createTextObjects, getBatch, submitBatch, waitForStatus } from './support';

jest.setTimeout(180_000);

type Body = Record<string, unknown>;

function tierOf(batch: Body): Body {
  return (batch['tier_tasks'] as Body[])[0] as Body;
}

describe('batch policies: incremental re-processing, error thresholds, trigger, schedules', () => {
  let cluster: StrataCluster;
  let api: ApiClient;

  beforeAll(async () => {
    cluster = await StrataCluster.start();
    api = cluster.api;
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  it('a second submit of an unchanged bucket writes nothing; one changed object re-processes only that object', async () => {
    const fx = await createFixture(api);
    const ids = await createTextObjects(api, fx, 20);
    const first = await submitBatch(api, fx, ids);
    await waitForStatus(api, fx, first.batchId, ['COMPLETED']);
    const before = await listDocuments(api, fx);
    expect(before.length).toBeGreaterThan(0);

    const second = await submitBatch(api, fx, ids);
    const done = await waitForStatus(api, fx, second.batchId, ['COMPLETED']);
    expect(tierOf(done)).toMatchObject({ items_succeeded: 20, items_skipped: 20, documents_written: 0 });
    expect((done['progress'] as Body)['skipped']).toBe(20);
    const after = await listDocuments(api, fx);
    expect(after.map((d) => [d['document_id'], d['updated_at']]).sort()).toEqual(before.map((d) => [d['document_id'], d['updated_at']]).sort());

    const changed = ids[7] as string;
    const put = await api.request('PUT', `/v1/buckets/${fx.bucketId}/objects/${changed}`, {
      body: { metadata: { title: 'changed' }, blobs: [{ property: 'content', type: 'text', data: 'Something new. And more.' }] },
      namespace: fx.namespace,
    });
    expect(put.status).toBe(200);
    const third = await submitBatch(api, fx, ids);
    const done3 = await waitForStatus(api, fx, third.batchId, ['COMPLETED']);
    expect(tierOf(done3)).toMatchObject({ items_succeeded: 20, items_skipped: 19 });
    const rewritten = (await listDocuments(api, fx)).filter((d) => d['object_id'] === changed);
    expect(rewritten.map((d) => d['text'])).toContain('Something new.');

    // force: true processes everything again.
    const forced = await api.post(`/v1/buckets/${fx.bucketId}/batches`, { object_ids: ids, force: true }, fx.namespace);
    expect(forced.status).toBe(200);
    expect(forced.body['force']).toBe(true);
    await api.post(`/v1/buckets/${fx.bucketId}/batches/${forced.body['batch_id']}/submit`, {}, fx.namespace);
    const done4 = await waitForStatus(api, fx, forced.body['batch_id'] as string, ['COMPLETED']);
    expect(tierOf(done4)).toMatchObject({ items_succeeded: 20, items_skipped: 0 });
  });

  it('an abort policy stops the batch FAILED once max_failed_items is crossed and names the threshold', async () => {
    const fx = await createFixture(api);
    const good = await createTextObjects(api, fx, 10);
    // Objects without the content blob fail with a validation error in the extractor.
    const bad: string[] = [];
    for (let i = 0; i < 300; i += 1) {
      const res = await api.post(`/v1/buckets/${fx.bucketId}/objects`, { metadata: { title: `empty ${i}` } }, fx.namespace);
      expect(res.status).toBe(200);
      bad.push(res.body['object_id'] as string);
    }
    const created = await api.post(
      `/v1/buckets/${fx.bucketId}/batches`,
      { object_ids: [...bad, ...good], error_policy: { on_error: 'abort', max_failed_items: 5 } },
      fx.namespace,
    );
    expect(created.status).toBe(200);
    expect(created.body['error_policy']).toEqual({ on_error: 'abort', max_failed_items: 5, max_failed_ratio: null });
    const batchId = created.body['batch_id'] as string;
    await api.post(`/v1/buckets/${fx.bucketId}/batches/${batchId}/submit`, {}, fx.namespace);
    const failed = await waitForStatus(api, fx, batchId, BATCH_OUTCOMES, 30_000);
    expect(failed['status']).toBe('FAILED');
    expect(failed['error']).toMatch(/^aborted: max_failed_items \(5\) crossed: \d+ item\(s\) failed$/);
    // Stopped: not every item ran.
    const progress = failed['progress'] as Body;
    expect(progress['processed'] as number).toBeLessThanOrEqual(progress['total'] as number);
    const task = await api.get(`/v1/tasks/${failed['task_id']}`);
    expect(task.body).toMatchObject({ status: 'FAILED', error: failed['error'] });
  });

  it('rejects bad error policies with clear 4xx errors', async () => {
    const fx = await createFixture(api);
    const [id] = await createTextObjects(api, fx, 1);
    const cases: Array<[Body, string]> = [
      [{ on_error: 'explode' }, 'on_error must be "continue" or "abort"'],
      [{ on_error: 'abort', max_failed_ratio: 2 }, 'max_failed_ratio must be between 0 and 1'],
      [{ on_error: 'abort', max_failed_items: -1 }, 'max_failed_items must be 0 or more'],
      [{ on_error: 'continue', max_failed_items: 3 }, 'only apply when on_error is "abort"'],
    ];
    for (const [policy, says] of cases) {
      const res = await api.post(`/v1/buckets/${fx.bucketId}/batches`, { object_ids: [id], error_policy: policy }, fx.namespace);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(((res.body as Body)['error'] as Body)['message']).toContain(says);
    }
  });

  it('POST /v1/collections/{id}/trigger creates and submits a batch over the source bucket', async () => {
    const fx = await createFixture(api);
    await createTextObjects(api, fx, 6);
    const res = await api.post(`/v1/collections/${fx.collectionId}/trigger`, {}, fx.namespace);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ collection_id: fx.collectionId, object_count: 6, total_tiers: 1, source_bucket_ids: [fx.bucketId] });
    const batch = await waitForStatus(api, fx, res.body['batch_id'] as string, ['COMPLETED']);
    expect(batch['task_id']).toBe(res.body['task_id']);

    const filtered = await api.post(
      `/v1/collections/${fx.collectionId}/trigger`,
      { source_filters: { AND: [{ field: 'metadata.title', operator: 'eq', value: 't1' }] } },
      fx.namespace,
    );
    expect(filtered.status).toBe(202);
    expect(filtered.body['object_count']).toBe(1);
    const again = await waitForStatus(api, fx, filtered.body['batch_id'] as string, ['COMPLETED']);
    expect(tierOf(again)).toMatchObject({ items_skipped: 1 });

    const missing = await api.post(`/v1/collections/col_nothere00/trigger`, {}, fx.namespace);
    expect(missing.status).toBe(404);
    const badBucket = await api.post(`/v1/collections/${fx.collectionId}/trigger`, { include_buckets: ['bkt_nothere000000000'] }, fx.namespace);
    expect(badBucket.status).toBe(404);
  });

  it('schedules: CRUD with bad inputs rejected, runs listed, disable stops runs', async () => {
    const fx = await createFixture(api);
    await createTextObjects(api, fx, 3);
    const base = `/v1/buckets/${fx.bucketId}/schedules`;
    const bad: Array<[Body, string]> = [
      [{ schedule_name: 'x', trigger: { type: 'cron', expression: 'not a cron' } }, 'cron expression'],
      [{ schedule_name: 'x', trigger: { type: 'cron', expression: '0 * * * *', timezone: 'Mars/Olympus' } }, 'IANA time zone'],
      [{ schedule_name: 'x', trigger: { type: 'cron', expression: '99 99 * * *' } }, 'not a cron expression the scheduler can run'],
      [{ schedule_name: 'x', trigger: { type: 'interval', every_seconds: 0 } }, 'every_seconds must be at least 1'],
      [{ schedule_name: 'x', trigger: { type: 'weekly' } }, 'trigger.type must be'],
      [{ schedule_name: 'x', trigger: { type: 'interval', every_seconds: 60 }, selection: { mode: 'some' } }, 'selection.mode must be'],
      [{ schedule_name: 'x', trigger: { type: 'interval', every_seconds: 60 }, collection_ids: ['col_unknown000'] }, 'is not an enabled collection'],
      [{ schedule_name: 'x', trigger: { type: 'interval', every_seconds: 60 }, error_policy: { on_error: 'continue', max_failed_ratio: 0.1 } }, 'only apply when on_error is "abort"'],
    ];
    for (const [body, says] of bad) {
      const res = await api.post(base, body, fx.namespace);
      expect({ status: res.status, message: ((res.body as Body)['error'] as Body)['message'] }).toEqual({ status: res.status, message: expect.stringContaining(says) });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    // Nothing of the refused ones was stored.
    const stored = await api.get(base, fx.namespace);
    expect(stored.body).toMatchObject({ results: [], total_count: 0 });

    const created = await api.post(
      base,
      { schedule_name: 'fast', trigger: { type: 'interval', every_seconds: 1 }, selection: { mode: 'all' }, error_policy: { on_error: 'abort', max_failed_ratio: 0.5 } },
      fx.namespace,
    );
    expect(created.status).toBe(201);
    const scheduleId = created.body['schedule_id'] as string;
    expect(created.body).toMatchObject({ enabled: true, trigger: { type: 'interval', every_seconds: 1 }, error_policy: { on_error: 'abort', max_failed_ratio: 0.5 } });
    expect((await api.get(`${base}/${scheduleId}`, fx.namespace)).body['schedule_name']).toBe('fast');
    expect((await api.get(base, fx.namespace)).body['total_count']).toBe(1);

    const runs = await waitFor(async () => {
      const res = await api.get(`${base}/${scheduleId}/runs`, fx.namespace);
      const submitted = (res.body['results'] as Body[]).find((r) => r['status'] === 'SUBMITTED' && r['batch_id'] !== null);
      return submitted !== undefined ? (res.body['results'] as Body[]) : undefined;
    }, { timeoutMs: 30_000, intervalMs: 200, description: 'a submitted schedule run' });
    const submitted = runs.find((r) => r['status'] === 'SUBMITTED') as Body;
    const batch = await waitForStatus(api, fx, submitted['batch_id'] as string, ['COMPLETED']);
    expect((batch['metadata'] as Body)['schedule_id']).toBe(scheduleId);

    const disabled = await api.request('PATCH', `${base}/${scheduleId}`, { body: { enabled: false }, namespace: fx.namespace });
    expect(disabled.status).toBe(200);
    expect(disabled.body['enabled']).toBe(false);
    const badPatch = await api.request('PATCH', `${base}/${scheduleId}`, { body: { trigger: { type: 'interval', every_seconds: -5 } }, namespace: fx.namespace });
    expect(badPatch.status).toBe(422);
    const deleted = await api.request('DELETE', `${base}/${scheduleId}`, { namespace: fx.namespace });
    expect(deleted.status).toBe(200);
    expect((await api.get(`${base}/${scheduleId}`, fx.namespace)).status).toBe(404);
    expect((await getBatch(api, fx, submitted['batch_id'] as string)).status).toBe('COMPLETED');
  });
});
