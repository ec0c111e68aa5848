import { StrataCluster } from '@strata/testing';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

jest.setTimeout(120_000);

const BOOTSTRAP = 'sk_bootstrap0000000000000000000000000000';

describe('API keys', () => {
  let cluster: StrataCluster;

  beforeAll(async () => {
    cluster = await StrataCluster.start({ env: { AUTH_MODE: 'api_key', STRATA_BOOTSTRAP_API_KEY: BOOTSTRAP } });
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  function cli(...args: string[]): string {
    return execFileSync(process.execPath, [join(__dirname, '../../../dist/apps/batch-api/apps/batch-api/src/cli.js'), 'api-key', ...args], {
      env: { PATH: process.env['PATH'] ?? '', DATA_DIR: join(cluster.dataDir, 'data'), STRATA_PREFIX: cluster.prefix },
      encoding: 'utf8',
    });
  }

  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

  it('rejects requests without a valid key with 401, and keeps health open', async () => {
    const api = cluster.api;
    const none = await api.request('POST', '/v1/namespaces', { body: { namespace_name: 'x1' } });
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ success: false, status: 401, error: { type: 'UnauthorizedError' } });
    const bad = await api.request('POST', '/v1/namespaces', { body: { namespace_name: 'x1' }, headers: bearer('sk_notarealkey0000000000000') });
    expect(bad.status).toBe(401);
    expect((await api.get('/health/ready')).status).toBe(200);
    expect((await api.get('/v1/tasks/task_x')).status).toBe(401);
  });

  it('serves the OpenAPI document and the docs page without a key', async () => {
    const api = cluster.api;
    const doc = await api.get<{ openapi: string; paths: Record<string, unknown> }>('/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toContain('/v1/buckets/{bucket}/batches/{batch}/submit');
    const page = await fetch(`${api.baseUrl}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/openapi.json');
    expect((await fetch(`${api.baseUrl}/docs/assets/swagger-ui-bundle.js`)).status).toBe(200);
  });

  it('scopes keys to namespaces: another namespace is invisible, administration is forbidden, revocation is immediate', async () => {
    const api = cluster.api;
    const admin = bearer(BOOTSTRAP);
    for (const name of ['team-a', 'team-b']) {
      expect((await api.request('POST', '/v1/namespaces', { body: { namespace_name: name }, headers: admin })).status).toBe(200);
      const bucket = await api.request('POST', '/v1/buckets', {
        namespace: name,
        headers: admin,
        body: { bucket_name: 'docs', bucket_schema: { properties: { content: { type: 'text' } } } },
      });
      expect(bucket.status).toBe(200);
    }
    const created = JSON.parse(cli('create', '--name', 'team-a-ci', '--namespaces', 'team-a')) as { key_id: string; api_key: string };
    expect(created.api_key).toMatch(/^sk_[a-z0-9]{40}$/);
    expect(cli('list')).not.toContain(created.api_key);
    const teamA = bearer(created.api_key);
    expect((await api.request('GET', '/v1/buckets/docs', { namespace: 'team-a', headers: teamA })).status).toBe(200);
    const other = await api.request('GET', '/v1/buckets/docs', { namespace: 'team-b', headers: teamA });
    expect(other.status).toBe(404);
    expect(other.body).toMatchObject({ error: { type: 'NotFoundError' } });
    expect((await api.request('GET', '/v1/namespaces/team-b', { headers: teamA })).status).toBe(404);
    const forbidden = await api.request('POST', '/v1/namespaces', { body: { namespace_name: 'team-c' }, headers: teamA });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ error: { type: 'ForbiddenError' } });
    cli('revoke', created.key_id);
    expect((await api.request('GET', '/v1/buckets/docs', { namespace: 'team-a', headers: teamA })).status).toBe(401);
  });
});
