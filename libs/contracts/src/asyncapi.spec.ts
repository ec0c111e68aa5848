import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMAIN_EVENT_TYPES } from './events';
import { QUEUES } from './queues';

/** Keeps docs/asyncapi.yaml true: every event type and queue of the contracts is documented. */
describe('docs/asyncapi.yaml', () => {
  const doc = readFileSync(join(__dirname, '../../../docs/asyncapi.yaml'), 'utf8');

  it('lists every domain event type', () => {
    const missing = DOMAIN_EVENT_TYPES.filter((t) => !doc.includes(`          - ${t}\n`));
    expect(missing).toEqual([]);
  });

  it('documents every queue', () => {
    for (const q of Object.values(QUEUES)) expect(doc).toContain(`strata:bull:${q}`);
  });
});
