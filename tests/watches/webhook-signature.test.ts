/** Webhook signatures: what a receiver checks, and what it must refuse. */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newWatchSecret } from '../../src/state/watch-store.js';
import { signWebhook, verifyWebhook } from '../../src/watches/index.js';

describe('webhook signatures', () => {
  const secret = newWatchSecret();
  const id = 'f1a2b3c4-0000-4000-8000-000000000001';
  const now = Date.parse('2026-12-01T10:00:00Z');
  const timestamp = Math.floor(now / 1000);
  const body = '{"type":"watch.route-changed","watchId":"w1"}';
  const headers = { id, timestamp: String(timestamp), signature: signWebhook(secret, id, timestamp, body) };

  it('is HMAC-SHA256 of id.timestamp.body keyed with the decoded secret, as v1,<base64>', () => {
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
    expect(headers.signature).toBe(`v1,${expected}`);
  });

  it('verifies the body as sent, and refuses a tampered body, id, timestamp or secret', () => {
    expect(verifyWebhook(secret, headers, body, { now })).toBe(true);
    expect(verifyWebhook(secret, headers, body.replace('w1', 'w2'), { now })).toBe(false);
    expect(verifyWebhook(secret, { ...headers, id: `${id}x` }, body, { now })).toBe(false);
    expect(verifyWebhook(secret, { ...headers, timestamp: String(timestamp + 1) }, body, { now })).toBe(
      false,
    );
    expect(verifyWebhook(newWatchSecret(), headers, body, { now })).toBe(false);
  });

  it('refuses a timestamp far from the clock (a replay), and accepts one of several signatures', () => {
    expect(verifyWebhook(secret, headers, body, { now: now + 301_000 })).toBe(false);
    expect(
      verifyWebhook(secret, { ...headers, signature: `v1,AAAA ${headers.signature}` }, body, { now }),
    ).toBe(true);
  });
});
