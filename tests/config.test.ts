/** Configuration from the environment: defaults, validation failing at boot, and the protection options. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { protectionFromConfig } from '../src/http/plugins/protection-options.js';

describe('loadConfig', () => {
  it('defaults every setting', () => {
    expect(loadConfig({})).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      GRAPH_DATA_DIR: './graph-data',
      LOG_LEVEL: 'info',
      RATE_LIMIT_MAX: 600,
      CORS_ORIGIN: true,
      TRUST_PROXY: false,
      REQUEST_TIMEOUT_MS: 10_000,
      CONNECTION_TIMEOUT_MS: 90_000,
      KEEP_ALIVE_TIMEOUT_MS: 72_000,
      OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: 1000,
      OVERLOAD_MAX_HEAP_USED_MB: 0,
      OVERLOAD_MAX_EVENT_LOOP_UTILIZATION: 0,
    });
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ RATE_LIMIT_MAX: '', CORS_ORIGIN: '' }).RATE_LIMIT_MAX).toBe(600);
  });

  it('reads numbers, and 0 turns rate limiting off', () => {
    const config = loadConfig({ PORT: '8080', RATE_LIMIT_MAX: '0', REQUEST_TIMEOUT_MS: '5000' });
    expect(config.PORT).toBe(8080);
    expect(config.RATE_LIMIT_MAX).toBe(0);
    expect(config.REQUEST_TIMEOUT_MS).toBe(5000);
  });

  it.each([
    ['PORT', '70000'],
    ['PORT', 'http'],
    ['RATE_LIMIT_MAX', '-1'],
    ['RATE_LIMIT_MAX', '1.5'],
    ['LOG_LEVEL', 'loud'],
    ['REQUEST_TIMEOUT_MS', 'soon'],
    ['OVERLOAD_MAX_EVENT_LOOP_UTILIZATION', '1.5'],
    ['CORS_ORIGIN', 'https://planner.example/app'],
    ['CORS_ORIGIN', 'planner.example'],
    ['CORS_ORIGIN', ','],
  ])('rejects %s=%s with a message naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}=${JSON.stringify(value)}`));
  });

  it('reads CORS_ORIGIN as any origin, none, or a list of origins', () => {
    expect(loadConfig({ CORS_ORIGIN: '*' }).CORS_ORIGIN).toBe(true);
    expect(loadConfig({ CORS_ORIGIN: 'none' }).CORS_ORIGIN).toBe(false);
    expect(loadConfig({ CORS_ORIGIN: 'https://a.example, http://localhost:5173' }).CORS_ORIGIN).toEqual([
      'https://a.example',
      'http://localhost:5173',
    ]);
  });

  it('reads TRUST_PROXY as a boolean, a hop count or a list of addresses', () => {
    expect(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8,127.0.0.1' }).TRUST_PROXY).toBe('10.0.0.0/8,127.0.0.1');
  });

  it('requires the keep-alive timeout to be shorter than the connection timeout', () => {
    expect(() => loadConfig({ KEEP_ALIVE_TIMEOUT_MS: '90000', CONNECTION_TIMEOUT_MS: '60000' })).toThrow(
      /KEEP_ALIVE_TIMEOUT_MS=.*must be less than CONNECTION_TIMEOUT_MS/,
    );
    expect(
      loadConfig({ KEEP_ALIVE_TIMEOUT_MS: '90000', CONNECTION_TIMEOUT_MS: '0' }).KEEP_ALIVE_TIMEOUT_MS,
    ).toBe(90_000);
  });
});

describe('protectionFromConfig', () => {
  it('maps the settings to the protection options', () => {
    const protection = protectionFromConfig(
      loadConfig({
        RATE_LIMIT_MAX: '120',
        OVERLOAD_MAX_HEAP_USED_MB: '512',
        CORS_ORIGIN: 'https://a.example',
      }),
    );
    expect(protection.rateLimitMax).toBe(120);
    expect(protection.corsOrigin).toEqual(['https://a.example']);
    expect(protection.overload).toMatchObject({
      maxEventLoopDelayMs: 1000,
      maxHeapUsedBytes: 512 * 1024 * 1024,
    });
  });
});
