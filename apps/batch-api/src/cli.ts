import 'reflect-metadata';
import { systemClock } from '@strata/domain';
import { CreateApiKey, RevokeApiKey } from '@strata/api-use-cases';
import { openMetadataStore } from '@strata/platform';
import { loadBatchApiConfig } from './config';

const USAGE = `usage:
  npm run api-key -- create --name <name> [--namespaces <id-or-name>,...]   create a key (shown once)
  npm run api-key -- list                                                    list keys (never the secrets)
  npm run api-key -- revoke <key_id>                                         revoke a key
Uses the same environment as batch-api (DATA_DIR, ...).`;

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

/* eslint-disable no-console -- a command-line tool talks on stdout */
async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv[0] === 'api-key' ? argv.slice(1) : argv;
  const store = await openMetadataStore(loadBatchApiConfig());
  const deps = { metadata: store, clock: systemClock };
  try {
    switch (command) {
      case 'create': {
        const name = flag(args, 'name');
        if (name === undefined) {
          console.error(USAGE);
          return 2;
        }
        const namespaces = flag(args, 'namespaces');
        const { key, secret } = await new CreateApiKey(deps).execute({
          name,
          namespaces: namespaces === undefined ? null : namespaces.split(',').map((s) => s.trim()).filter((s) => s.length > 0),
        });
        console.log(JSON.stringify({ key_id: key.keyId, name: key.name, namespace_ids: key.namespaceIds, api_key: secret }, null, 2));
        console.error('Store the api_key now: it is kept only as a hash and cannot be shown again.');
        return 0;
      }
      case 'list':
        for (const k of await store.apiKeys.list()) {
          console.log(JSON.stringify({ key_id: k.keyId, name: k.name, prefix: k.prefix, namespace_ids: k.namespaceIds, created_at: k.createdAt, revoked_at: k.revokedAt }));
        }
        return 0;
      case 'revoke': {
        const keyId = args[0];
        if (keyId === undefined) {
          console.error(USAGE);
          return 2;
        }
        await new RevokeApiKey(deps).execute(keyId);
        console.log(`revoked ${keyId}`);
        return 0;
      }
      default:
        console.error(USAGE);
        return 2;
    }
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    return 1;
  } finally {
    await store.close();
  }
}

void main(process.argv.slice(2)).then((code) => process.exit(code));
