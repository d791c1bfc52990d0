/** Which addresses a webhook may go to, and the callback URLs refused before any lookup. */
import { describe, expect, it } from 'vitest';
import {
  CallbackUrlError,
  isPublicAddress,
  parseCallbackUrl,
  resolveCallback,
} from '../../src/watches/index.js';

describe('callback addresses', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.0.0.1',
    '172.16.5.4',
    '172.31.255.255',
    '192.168.0.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fd12:3456::1',
    'fc00::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '64:ff9b::a00:1',
    'not-an-ip',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '93.184.215.14',
    '2a00:1450:4001:80b::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
  ])('accepts %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it('refuses a host when any of its addresses is private, and allows it when told to', async () => {
    const resolver = async () => [
      { address: '93.184.215.14', family: 4 as const },
      { address: '10.0.0.7', family: 4 as const },
    ];
    const url = parseCallbackUrl('https://hooks.example.com/freight');
    await expect(resolveCallback(url, { resolver })).rejects.toThrow(/10\.0\.0\.7/);
    await expect(resolveCallback(url, { resolver, allowPrivate: true })).resolves.toHaveLength(2);
    const publicOnly = async () => [{ address: '93.184.215.14', family: 4 as const }];
    await expect(resolveCallback(url, { resolver: publicOnly })).resolves.toEqual([
      { address: '93.184.215.14', family: 4 },
    ]);
  });

  it('refuses a host that does not resolve', async () => {
    const resolver = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    await expect(resolveCallback(parseCallbackUrl('https://nowhere.invalid/'), { resolver })).rejects.toThrow(
      /does not resolve \(ENOTFOUND\)/,
    );
  });

  it.each([
    'http://hooks.example.com/',
    'ftp://hooks.example.com/',
    'https://u:p@hooks.example.com/',
    '/relative',
    `https://h.example.com/${'a'.repeat(2100)}`,
  ])('refuses the URL %s', (text) => {
    expect(() => parseCallbackUrl(text)).toThrow(CallbackUrlError);
  });
});
