#!/usr/bin/env node
import { cliEnvironment } from './config';
import { runCli } from './program';

// `strata ...`: see apps/cli/README.md. The exit code is set, not forced, so output is flushed first.
void runCli(process.argv.slice(2), { env: cliEnvironment(), stdout: process.stdout, stderr: process.stderr }).then((code) => {
  process.exitCode = code;
});
