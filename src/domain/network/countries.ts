/**
 * ISO 3166-1 country codes: the avoid list accepts alpha-2 and alpha-3 codes, in any case; everything is
 * normalised to alpha-2, which is what the network data uses.
 */
import { iso31661 } from 'iso-3166';
import { DomainError } from '../errors.js';

export interface Country {
  alpha2: string;
  alpha3: string;
  name: string;
}

const COUNTRIES: readonly Country[] = iso31661.map((c) => ({
  alpha2: c.alpha2,
  alpha3: c.alpha3,
  name: c.name,
}));
const BY_ALPHA2: ReadonlyMap<string, Country> = new Map(COUNTRIES.map((c) => [c.alpha2, c]));
const BY_ALPHA3: ReadonlyMap<string, Country> = new Map(COUNTRIES.map((c) => [c.alpha3, c]));

/** The country with this alpha-2 code, or undefined. */
export function countryByAlpha2(alpha2: string): Country | undefined {
  return BY_ALPHA2.get(alpha2);
}

/** True when `code` is an assigned ISO 3166-1 alpha-2 code (upper case). */
export function isAlpha2(code: string): boolean {
  return BY_ALPHA2.has(code);
}

/**
 * Normalises one country code (alpha-2 or alpha-3, any case, surrounding spaces ignored) to alpha-2.
 * @throws DomainError UNKNOWN_COUNTRY naming the code and the parameter it came from.
 */
export function toAlpha2(code: string, parameter = 'avoid'): string {
  const upper = code.trim().toUpperCase();
  const country =
    upper.length === 2 ? BY_ALPHA2.get(upper) : upper.length === 3 ? BY_ALPHA3.get(upper) : undefined;
  if (!country) {
    throw new DomainError(
      'UNKNOWN_COUNTRY',
      `${parameter}: "${code}" is not an ISO 3166-1 alpha-2 or alpha-3 country code`,
      { parameter, value: code },
    );
  }
  return country.alpha2;
}
