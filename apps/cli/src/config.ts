import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where the CLI talks to, resolved once per run: flags, then environment, then the profile file. */
export interface CliConfig {
  apiUrl: string;
  apiKey: string | null;
  namespace: string | null;
  /** The profile the values came from (null: none used). */
  profile: string | null;
}

export interface ConfigFlags {
  apiUrl?: string;
  apiKey?: string;
  namespace?: string;
  profile?: string;
}

interface ProfileEntry {
  api_url?: string;
  api_key?: string;
  namespace?: string;
}

/** The profile file: `{"default_profile": "local", "profiles": {"local": {"api_url", "api_key", "namespace"}}}`. */
export interface ProfileFile {
  default_profile?: string;
  profiles?: Record<string, ProfileEntry>;
}

export const DEFAULT_API_URL = 'http://localhost:3000';

/** The environment the CLI reads (one place: house style, configuration read once). */
export interface CliEnvironment {
  STRATA_API_URL?: string;
  STRATA_API_KEY?: string;
  STRATA_NAMESPACE?: string;
  STRATA_PROFILE?: string;
  STRATA_CONFIG?: string;
  XDG_CONFIG_HOME?: string;
  NO_COLOR?: string;
}

export function cliEnvironment(): CliEnvironment {
  const env = process.env;
  return {
    STRATA_API_URL: env['STRATA_API_URL'],
    STRATA_API_KEY: env['STRATA_API_KEY'],
    STRATA_NAMESPACE: env['STRATA_NAMESPACE'],
    STRATA_PROFILE: env['STRATA_PROFILE'],
    STRATA_CONFIG: env['STRATA_CONFIG'],
    XDG_CONFIG_HOME: env['XDG_CONFIG_HOME'],
    NO_COLOR: env['NO_COLOR'],
  };
}

/** `$STRATA_CONFIG`, else `$XDG_CONFIG_HOME/strata/config.json`, else `~/.config/strata/config.json`. */
export function profileFilePath(env: CliEnvironment): string {
  if (env.STRATA_CONFIG) return env.STRATA_CONFIG;
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'strata', 'config.json');
}

export class ConfigError extends Error {}

export function readProfileFile(path: string): ProfileFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError(`cannot read the profile file ${path}: ${(error as Error).message}`);
  }
  try {
    const parsed = JSON.parse(text) as ProfileFile;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    return parsed;
  } catch (error) {
    throw new ConfigError(`the profile file ${path} is not valid JSON (${(error as Error).message}); fix or delete it`);
  }
}

/** Flags win over the environment, the environment over the profile (named by --profile, STRATA_PROFILE or default_profile). */
export function resolveConfig(flags: ConfigFlags, env: CliEnvironment, file: ProfileFile): CliConfig {
  const name = flags.profile ?? env.STRATA_PROFILE ?? file.default_profile ?? null;
  const profile = name === null ? undefined : file.profiles?.[name];
  if (name !== null && profile === undefined && (flags.profile !== undefined || env.STRATA_PROFILE !== undefined)) {
    const known = Object.keys(file.profiles ?? {});
    throw new ConfigError(`no profile '${name}' in the profile file${known.length > 0 ? ` (known: ${known.join(', ')})` : ''}; create it with \`strata config set-profile ${name} --url ...\``);
  }
  const apiUrl = flags.apiUrl ?? env.STRATA_API_URL ?? profile?.api_url ?? DEFAULT_API_URL;
  try {
    new URL(apiUrl);
  } catch {
    throw new ConfigError(`the API URL '${apiUrl}' is not a URL: use e.g. http://localhost:3000`);
  }
  return {
    apiUrl,
    apiKey: flags.apiKey ?? env.STRATA_API_KEY ?? profile?.api_key ?? null,
    namespace: flags.namespace ?? env.STRATA_NAMESPACE ?? profile?.namespace ?? null,
    profile: profile === undefined ? null : name,
  };
}
