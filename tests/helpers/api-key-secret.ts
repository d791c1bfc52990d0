/**
 * The secret part of an API key `efr_<16 hex id>_<43 base64url chars>`. The secret may itself hold `_`
 * (base64url), so it is everything after the id, never `split('_')[2]`.
 */
export function apiKeySecret(key: string): string {
  const match = /^efr_[0-9a-f]{16}_([A-Za-z0-9_-]{43})$/.exec(key);
  if (!match?.[1]) throw new Error(`not an API key: ${key}`);
  return match[1];
}
