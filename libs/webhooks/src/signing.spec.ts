import { verifyStandardWebhook } from '@strata/testing';
import { generateSecret, sign, signatureHeader } from './signing';

describe('Standard Webhooks signing', () => {
  const body = JSON.stringify({ event_id: 'evt_1', event_type: 'batch.completed', metadata: { n: 'ü' } });

  it('produces signatures an independent verifier accepts', () => {
    const secret = generateSecret();
    const ts = Math.floor(Date.now() / 1000);
    const headers = { 'webhook-id': 'dlv_abc', 'webhook-timestamp': String(ts), 'webhook-signature': signatureHeader([secret], 'dlv_abc', ts, body) };
    expect(verifyStandardWebhook(secret, headers, body)).toEqual({ ok: true });
    // Tampering with the body, the id or the timestamp breaks it.
    expect(verifyStandardWebhook(secret, headers, body.replace('evt_1', 'evt_2')).ok).toBe(false);
    expect(verifyStandardWebhook(secret, { ...headers, 'webhook-id': 'dlv_other' }, body).ok).toBe(false);
    expect(verifyStandardWebhook(secret, { ...headers, 'webhook-timestamp': String(ts + 1) }, body).ok).toBe(false);
    expect(verifyStandardWebhook(generateSecret(), headers, body).ok).toBe(false);
  });

  it('matches the example of the specification', () => {
    // Test vector from the Standard Webhooks reference libraries.
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
    const ts = 1614265330;
    const payload = '{"test": 2432232314}';
    expect(sign(secret, id, ts, payload)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('signs with every secret during a rotation; either verifies', () => {
    const old = generateSecret();
    const next = generateSecret();
    const ts = Math.floor(Date.now() / 1000);
    const header = signatureHeader([next, old], 'dlv_x', ts, body);
    expect(header.split(' ')).toHaveLength(2);
    const headers = { 'webhook-id': 'dlv_x', 'webhook-timestamp': String(ts), 'webhook-signature': header };
    expect(verifyStandardWebhook(old, headers, body).ok).toBe(true);
    expect(verifyStandardWebhook(next, headers, body).ok).toBe(true);
  });

  it('refuses a secret without the whsec_ prefix', () => {
    expect(() => sign('nope', 'id', 1, 'b')).toThrow(/whsec_/);
  });
});
