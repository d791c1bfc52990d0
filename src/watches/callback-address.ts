/**
 * Where webhooks may go: an `https` URL whose host resolves only to public addresses. Private (RFC 1918),
 * loopback, link-local, unique-local, CGNAT, multicast and reserved ranges are refused, for every address the
 * host resolves to (one private answer is enough to refuse), unless private callbacks are allowed (tests).
 * The check runs when a watch is created and again before each attempt, and the attempt connects to the
 * address that was checked (no second lookup), so that a DNS answer changed in between (rebinding) cannot
 * turn a webhook against the internal network.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Longest callback URL accepted, characters. */
export const MAX_CALLBACK_URL_LENGTH = 2048;

/** The ranges no webhook may go to, made once. */
const BLOCKED = blockedRanges();

function blockedRanges(): BlockList {
  const blocked = new BlockList();
  for (const [net, prefix] of [
    ['0.0.0.0', 8], // "this network"
    ['10.0.0.0', 8], // private
    ['100.64.0.0', 10], // carrier-grade NAT
    ['127.0.0.0', 8], // loopback
    ['169.254.0.0', 16], // link-local (cloud metadata services live here)
    ['172.16.0.0', 12], // private
    ['192.0.0.0', 24], // IETF protocol assignments
    ['192.0.2.0', 24], // documentation
    ['192.168.0.0', 16], // private
    ['198.18.0.0', 15], // benchmarking
    ['198.51.100.0', 24], // documentation
    ['203.0.113.0', 24], // documentation
    ['224.0.0.0', 4], // multicast
    ['240.0.0.0', 4], // reserved, and broadcast
  ] as const) {
    blocked.addSubnet(net, prefix, 'ipv4');
  }
  for (const [net, prefix] of [
    ['::', 128], // unspecified
    ['::1', 128], // loopback
    ['64:ff9b:1::', 48], // local-use NAT64
    ['100::', 64], // discard
    ['2001:db8::', 32], // documentation
    ['fc00::', 7], // unique-local
    ['fe80::', 10], // link-local
    ['fec0::', 10], // site-local (deprecated)
    ['ff00::', 8], // multicast
  ] as const) {
    blocked.addSubnet(net, prefix, 'ipv6');
  }
  return blocked;
}

/** The IPv4 address an IPv6 address carries (IPv4-mapped `::ffff:a.b.c.d` or NAT64 `64:ff9b::a.b.c.d`). */
function embeddedIpv4(address: string): string | undefined {
  const match = /^(?:::ffff:|64:ff9b::)(?:0:)?(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (match) return match[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return undefined;
  const hi = Number.parseInt(hex[1] as string, 16);
  const lo = Number.parseInt(hex[2] as string, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** Whether an IP address is a public one that a webhook may be sent to. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !BLOCKED.check(address, 'ipv4');
  if (family !== 6) return false;
  const v4 = embeddedIpv4(address);
  if (v4 !== undefined) return isPublicAddress(v4);
  return !BLOCKED.check(address, 'ipv6');
}

/** A callback URL that cannot be used; `reason` completes "callbackUrl …". */
export class CallbackUrlError extends Error {
  override name = 'CallbackUrlError';
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

const systemResolver: Resolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

/** Parses a callback URL: `https`, a host, no user name or password, at most MAX_CALLBACK_URL_LENGTH long. */
export function parseCallbackUrl(text: string): URL {
  if (text.length > MAX_CALLBACK_URL_LENGTH)
    throw new CallbackUrlError(`is longer than ${MAX_CALLBACK_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CallbackUrlError('is not an absolute URL (https://hooks.example.com/freight)');
  }
  if (url.protocol !== 'https:')
    throw new CallbackUrlError(`must use https, not ${url.protocol.slice(0, -1)}`);
  if (url.username !== '' || url.password !== '')
    throw new CallbackUrlError('must not carry a user name or password; authenticate with the signature');
  if (url.hostname === '') throw new CallbackUrlError('has no host');
  return url;
}

/** The host of a URL as a resolver or isIP reads it (IPv6 literals without their brackets). */
export function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/**
 * Resolves the callback's host and checks every address; the addresses to connect to, in resolver order.
 * Throws CallbackUrlError when the host does not resolve, or resolves to any address that is not public
 * (unless `allowPrivate`).
 */
export async function resolveCallback(
  url: URL,
  { allowPrivate = false, resolver = systemResolver }: { allowPrivate?: boolean; resolver?: Resolver } = {},
): Promise<ResolvedAddress[]> {
  const host = hostOf(url);
  const literal = isIP(host);
  let addresses: ResolvedAddress[];
  if (literal !== 0) addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
  else {
    try {
      addresses = await resolver(host);
    } catch (error) {
      throw new CallbackUrlError(
        `host ${host} does not resolve (${(error as { code?: string }).code ?? (error as Error).message})`,
      );
    }
  }
  if (addresses.length === 0) throw new CallbackUrlError(`host ${host} has no address`);
  if (!allowPrivate) {
    const blocked = addresses.find((a) => !isPublicAddress(a.address));
    if (blocked) {
      throw new CallbackUrlError(
        `host ${host} resolves to ${blocked.address}, a private, loopback, link-local or reserved address; webhooks go to public addresses only`,
      );
    }
  }
  return addresses;
}
