import { ConfigError, DEFAULT_API_URL, profileFilePath, resolveConfig } from './config';

describe('CLI configuration', () => {
  const file = {
    default_profile: 'local',
    profiles: { local: { api_url: 'http://local:3000', namespace: 'dev' }, prod: { api_url: 'https://strata.example', api_key: 'sk_prod', namespace: 'main' } },
  };

  it('takes flags over the environment over the profile, and the default profile when none is named', () => {
    expect(resolveConfig({}, {}, file)).toEqual({ apiUrl: 'http://local:3000', apiKey: null, namespace: 'dev', profile: 'local' });
    expect(resolveConfig({}, { STRATA_PROFILE: 'prod', STRATA_NAMESPACE: 'env-ns' }, file)).toEqual({
      apiUrl: 'https://strata.example',
      apiKey: 'sk_prod',
      namespace: 'env-ns',
      profile: 'prod',
    });
    expect(resolveConfig({ profile: 'prod', apiKey: 'sk_flag', namespace: 'flag-ns' }, { STRATA_API_KEY: 'sk_env' }, file)).toMatchObject({ apiKey: 'sk_flag', namespace: 'flag-ns' });
    expect(resolveConfig({}, {}, {})).toEqual({ apiUrl: DEFAULT_API_URL, apiKey: null, namespace: null, profile: null });
  });

  it('says what to fix for an unknown profile or a bad URL', () => {
    expect(() => resolveConfig({ profile: 'staging' }, {}, file)).toThrow(new ConfigError("no profile 'staging' in the profile file (known: local, prod); create it with `strata config set-profile staging --url ...`"));
    expect(() => resolveConfig({ apiUrl: 'localhost 3000' }, {}, {})).toThrow(/is not a URL/);
  });

  it('finds the profile file from STRATA_CONFIG, XDG_CONFIG_HOME or the home directory', () => {
    expect(profileFilePath({ STRATA_CONFIG: '/etc/strata.json' })).toBe('/etc/strata.json');
    expect(profileFilePath({ XDG_CONFIG_HOME: '/x' })).toBe('/x/strata/config.json');
    expect(profileFilePath({})).toMatch(/\.config\/strata\/config\.json$/);
  });
});
