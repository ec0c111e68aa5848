// @ts-check
const { readFileSync } = require('node:fs');

const tsconfig = JSON.parse(readFileSync(`${__dirname}/tsconfig.base.json`, 'utf8'));
const moduleNameMapper = Object.fromEntries(
  Object.entries(tsconfig.compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);
/** Same swc settings as the build (.swcrc): Nest's DI needs decorator metadata. */
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
        keepClassNames: true,
      },
      module: { type: 'commonjs' },
    },
  ],
};
/**
 * ESM-only packages the code requires (Node >= 20.19 loads them with require(); Jest's module
 * system does not), compiled to CommonJS for tests only.
 */
const ESM_PACKAGES = ['franc-min', 'trigram-utils', 'n-gram', 'collapse-white-space'];
transform[`^.+/node_modules/(${ESM_PACKAGES.join('|')})/.+\\.js$`] = ['@swc/jest', { module: { type: 'commonjs' } }];
const transformIgnorePatterns = [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`];
const common = { rootDir: __dirname, transform, transformIgnorePatterns, moduleNameMapper, testEnvironment: 'node' };

/**
 * Three tiers (house style 9): unit tests next to the code (*.spec.ts), integration tests against
 * the real NATS, Redis and SQLite (*.int-spec.ts), end-to-end tests that start the built apps as
 * processes (apps/strata-e2e), and the fault-injection suite (apps/strata-faults).
 * @type {import('jest').Config}
 */
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/apps/strata-e2e/src/**/*.e2e-spec.ts'] },
    // Fault injection (docs/reliability.md): built apps as processes, killed and starved on purpose.
    { ...common, displayName: 'faults', testMatch: ['<rootDir>/apps/strata-faults/src/**/*.faults-spec.ts'] },
    // The chaos soak (docs/reliability.md): SOAK_MINUTES of random kill -9s and restarts.
    { ...common, displayName: 'soak', testMatch: ['<rootDir>/apps/strata-faults/src/**/*.soak-spec.ts'] },
  ],
};
