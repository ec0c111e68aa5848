import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const INFRASTRUCTURE = [
  '@nestjs/*',
  'mongoose',
  'bullmq',
  'nats',
  'ioredis',
  '@aws-sdk/*',
  '@qdrant/*',
  'better-sqlite3',
  'sqlite-vec',
  'express',
  'pino',
];

export default [
  { ignores: ['**/dist', '**/node_modules', '**/tmp', 'tools/vector-store-bench/**', '**/*.js', '**/*.mjs'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // House style: every cross-project import goes through a library's index, and layers only
      // depend downwards. Domain, contracts, ports and use cases import no infrastructure.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          banTransitiveDependencies: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:feature', 'type:infra', 'type:data-access', 'type:ports', 'type:contracts', 'type:domain', 'type:sdk'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:testing', 'type:contracts', 'type:domain', 'type:sdk'] },
            // The client SDK is published on its own: it depends on no lib of the workspace.
            { sourceTag: 'type:sdk', onlyDependOnLibsWithTags: [], bannedExternalImports: INFRASTRUCTURE },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:infra', 'type:data-access', 'type:ports', 'type:contracts', 'type:domain'] },
            { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:ports', 'type:contracts', 'type:domain'] },
            {
              sourceTag: 'type:feature',
              onlyDependOnLibsWithTags: ['type:feature', 'type:ports', 'type:contracts', 'type:domain'],
              bannedExternalImports: INFRASTRUCTURE,
            },
            { sourceTag: 'type:ports', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'], bannedExternalImports: INFRASTRUCTURE },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:domain'], bannedExternalImports: INFRASTRUCTURE },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'], bannedExternalImports: INFRASTRUCTURE },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:testing', 'type:infra', 'type:data-access', 'type:ports', 'type:contracts', 'type:domain', 'type:feature'] },
            // Features of one scope do not reach into another's (extraction cannot call the API's use cases).
            { sourceTag: 'scope:batch', onlyDependOnLibsWithTags: ['scope:batch', 'scope:shared'] },
            { sourceTag: 'scope:polling', onlyDependOnLibsWithTags: ['scope:polling', 'scope:shared'] },
            { sourceTag: 'scope:extraction', onlyDependOnLibsWithTags: ['scope:extraction', 'scope:shared'] },
            { sourceTag: 'scope:webhook', onlyDependOnLibsWithTags: ['scope:webhook', 'scope:shared'] },
          ],
        },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      'no-console': 'error',
      // Configuration is read once at boot by each app's config.ts (house style 8).
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'read configuration in the app config.ts only' }],
    },
  },
  {
    files: ['apps/*/src/config.ts', 'apps/strata-e2e/**/*.ts', 'libs/testing/**/*.ts', '**/*.spec.ts', '**/*.int-spec.ts', 'tools/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // Tests may use the fakes of our own ports and the test helpers, whatever layer they test.
    files: ['**/*.spec.ts', '**/*.int-spec.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: ['@strata/fakes', '@strata/testing'],
          depConstraints: [{ sourceTag: '*', onlyDependOnLibsWithTags: ['*'] }],
        },
      ],
    },
  },
  {
    // The test harness (fakes, conformance suites, the Qdrant stand-in, cluster helpers) never
    // ships: production code may not import it. The module-boundary tags say the same; this rule
    // also holds when ESLint runs without Nx's project graph (editors, a plain `npx eslint`).
    files: ['apps/{batch-api,poller,extractor-worker,webhook-dispatcher}/src/**/*.ts', 'libs/**/*.ts'],
    ignores: ['libs/testing/**', 'libs/fakes/**', '**/*.spec.ts', '**/*.int-spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@strata/testing', message: 'test harness: import it from *.spec.ts / *.int-spec.ts only' },
            { name: '@strata/fakes', message: 'fakes of our ports: import them from *.spec.ts / *.int-spec.ts only' },
          ],
        },
      ],
    },
  },
  {
    // The SDK's core runs in browsers: Node built-ins only in its Node entry (and its tests). This
    // block replaces the rule above for these files, so it repeats the test-harness paths.
    files: ['libs/sdk/src/**/*.ts'],
    ignores: ['libs/sdk/src/node.ts', '**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@strata/testing', message: 'test harness: import it from *.spec.ts / *.int-spec.ts only' },
            { name: '@strata/fakes', message: 'fakes of our ports: import them from *.spec.ts / *.int-spec.ts only' },
          ],
          patterns: [{ group: ['node:*'], message: 'the SDK core must run in browsers: Node-only code goes in libs/sdk/src/node.ts' }],
        },
      ],
    },
  },
  ...tseslint.config({
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
    rules: { 'no-restricted-syntax': ['error', { selector: "CallExpression[callee.object.name=/^(it|describe|test)$/][callee.property.name='only']", message: 'focused tests must not be committed' }] },
  }),
];
