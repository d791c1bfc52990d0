/**
 * The network on a date: a link carries traffic from its `opensOn` (if any) until the day before its
 * `closedOn` (if any). A link `in-service` is open between those dates; a `planned` link only once it has an
 * `opensOn` that has come; a `closed` link only before a known `closedOn`; a `suspended` one never. Such links
 * are compiled into the routing index (create-network.ts), and each request masks those not open on its date.
 */
import { DomainError } from '../errors.js';
import type { Network, NetworkLink } from '../network/network.js';
import type { LinkStatus } from '../network/network-schema.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written YYYY-MM-DD. */
export function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

/** The UTC day of an instant, YYYY-MM-DD. */
export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

/**
 * The network date of a request: the one given, or the clock's day (UTC).
 * @throws DomainError INVALID_PARAMETER for anything but a real YYYY-MM-DD day.
 */
export function resolveNetworkDate(text: string | undefined, clock: () => Date = () => new Date()): string {
  if (text === undefined) return utcDay(clock());
  if (!isCalendarDate(text)) {
    throw new DomainError('INVALID_PARAMETER', `networkDate: "${text}" is not a day written YYYY-MM-DD`, {
      parameter: 'networkDate',
      value: text,
    });
  }
  return text;
}

type Dated = Pick<NetworkLink, 'opensOn' | 'closedOn'> & { status: LinkStatus };

/** Whether a link can carry traffic on some day (it is then compiled into the routing index). */
export function mayBeOpen(link: Dated): boolean {
  if (link.status === 'in-service') return true;
  if (link.status === 'planned') return link.opensOn !== undefined;
  if (link.status === 'closed') return link.closedOn !== undefined;
  return false;
}

/** Whether a link carries traffic on `date` (YYYY-MM-DD). */
export function isOpenOn(link: Dated, date: string): boolean {
  if (!mayBeOpen(link)) return false;
  if (link.opensOn !== undefined && date < link.opensOn) return false;
  if (link.closedOn !== undefined && date >= link.closedOn) return false;
  return true;
}

/** Most dates whose closed links are remembered per network. */
const MAX_DATES = 512;

/** The links closed on each date, remembered (up to MAX_DATES dates) per network. */
export class DatedLinks {
  /** Links in the routing index whose openness depends on the date. */
  private readonly dated: NetworkLink[];
  private readonly byDate = new Map<string, readonly number[]>();

  constructor(network: Network) {
    this.dated = network.links.filter(
      (l) => mayBeOpen(l) && (l.opensOn !== undefined || l.closedOn !== undefined),
    );
  }

  closedOn(date: string): readonly number[] {
    if (this.dated.length === 0) return [];
    let closed = this.byDate.get(date);
    if (closed === undefined) {
      closed = Object.freeze(this.dated.filter((l) => !isOpenOn(l, date)).map((l) => l.index));
      if (this.byDate.size >= MAX_DATES) this.byDate.delete(this.byDate.keys().next().value as string);
      this.byDate.set(date, closed);
    }
    return closed;
  }
}

/** Indices of the routable links that do not carry traffic on `date` (empty when no link has dates). */
export function linksClosedOn(network: Network, date: string): readonly number[] {
  return network.engine.datedLinks.closedOn(date);
}
