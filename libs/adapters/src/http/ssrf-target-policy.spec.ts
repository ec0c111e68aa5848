import { SsrfGuard, SsrfTargetPolicy } from './guarded-webhook.sender';

/** A resolver answering from a table, so the test does not depend on this machine's DNS. */
function resolver(table: Record<string, string[]>): (host: string) => Promise<Array<{ address: string }>> {
  return async (host) => {
    const addresses = table[host];
    if (addresses === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address }));
  };
}

describe('SsrfTargetPolicy (webhook targets checked when a subscription is saved)', () => {
  const dns = resolver({
    'hooks.example.com': ['93.184.215.14'],
    'metadata.internal': ['169.254.169.254'],
    'split.example.com': ['93.184.215.14', '10.1.2.3'],
    'ops.example.com': ['10.1.2.3'],
  });
  const policy = new SsrfTargetPolicy(new SsrfGuard(['10.1.0.0/16']), dns);
  const strict = new SsrfTargetPolicy(new SsrfGuard([]), dns);

  it.each([
    ['http://127.0.0.1:8080/hook', /127\.0\.0\.1 is private, loopback or link-local/],
    ['http://169.254.169.254/latest/meta-data', /169\.254\.169\.254/],
    ['http://[::1]/hook', /::1/],
    ['http://[::ffff:192.168.0.10]/hook', /private/],
    ['https://metadata.internal/x', /metadata\.internal resolves to 169\.254\.169\.254/],
    ['not a url', /invalid URL/],
  ])('refuses %s', async (url, reason) => {
    expect(await policy.refusal(url)).toMatch(reason);
  });

  it('refuses a name when any of its addresses is internal', async () => {
    expect(await strict.refusal('https://split.example.com/h')).toMatch(/split\.example\.com resolves to 10\.1\.2\.3/);
  });

  it('accepts public addresses, allowlisted ranges, and names that do not resolve yet', async () => {
    expect(await policy.refusal('https://hooks.example.com/h')).toBeNull();
    expect(await policy.refusal('http://93.184.215.14/h')).toBeNull();
    expect(await policy.refusal('https://ops.example.com/h')).toBeNull();
    expect(await policy.refusal('http://10.1.9.9/h')).toBeNull();
    expect(await strict.refusal('https://ops.example.com/h')).toMatch(/10\.1\.2\.3/);
    expect(await policy.refusal('https://not-deployed-yet.example.com/h')).toBeNull();
  });
});
