/**
 * ISO 14083:2023 accounting of a route as a transport chain: one element per leg (tonne-km times the
 * well-to-wheel intensity of its mode, split into tank-to-wheel and well-to-tank) and one per hub operation
 * (ports, ferry terminals, gauge changes and other transhipments, in kg CO2e per tonne handled), summed to the
 * chain's total, for the cargo and for one container (TEU, FEU) at a stated default payload.
 *
 * Rounding: each element's TTW and WTT are rounded to 0.01 kg, its WTW is their sum, and every total is the
 * sum of its elements, all counted in whole hundredths of a kilogram, so the figures add up exactly.
 */
import type { z } from 'zod';
import { DomainError } from '../errors.js';
import type { Network, NetworkLink, NetworkNode } from '../network/network.js';
import type { HubType, Iso14083Parameters } from '../network/network-schema.js';
import type { Route } from '../planning/describe-route.js';
import type {
  ChainElementSchema,
  Co2eKgSchema,
  EmissionsSchema,
} from '../results/emissions-result-schema.js';

export const ISO_14083 = 'ISO 14083:2023' as const;

/** kg CO2e, well-to-wheel = tank-to-wheel + well-to-tank. */
export type Co2eKg = z.output<typeof Co2eKgSchema>;

/** One leg or hub operation of the chain. */
export type ChainElement = z.output<typeof ChainElementSchema>;

export type ChainEmissions = z.output<typeof EmissionsSchema>;

const ALLOCATION =
  'mass-based (tonne-km for legs, tonnes handled for hubs), as ISO 14083 prescribes for freight; each element is for the cargo alone, its share of the vehicle, empty running and repositioning included in the intensity values';
const ROUNDING =
  "each element's ttw and wtt are rounded to 0.01 kg and its wtw is their sum; totals are sums of the elements, so wtw = ttw + wtt and the elements add up to the total exactly";
const SCOPE =
  'well-to-wheel (WTW) = tank-to-wheel (TTW) + well-to-tank (WTT) for every leg and for the hub operations where the cargo changes wagon, mode or vessel along the route; handling at the origin and destination terminals is not part of the chain the API plans';

/** kg in whole hundredths. */
const cents = (kg: number): number => Math.round(kg * 100);
const fromCents = (c: { wtw: number; ttw: number; wtt: number }): Co2eKg => ({
  wtw: c.wtw / 100,
  ttw: c.ttw / 100,
  wtt: c.wtt / 100,
});

/** The hub type of a node where the cargo is handled: by the node's kinds, else by what happens there. */
function hubTypeOf(node: NetworkNode, gaugeChange: boolean): HubType {
  if (node.kinds.includes('port')) return 'port';
  if (node.kinds.includes('ferry-terminal')) return 'ferry-terminal';
  return gaugeChange ? 'gauge-change' : 'transhipment';
}

interface Draft {
  element: Omit<ChainElement, 'co2eKg' | 'tonneKm' | 'tonnes'>;
  /** Legs: km after the distance adjustment; hubs: undefined. */
  km?: number;
  /** WTW per unit of activity (g per tkm, or kg per t) and the TTW share. */
  wtw: number;
  ttwShare: number;
}

/** The chain's elements, independent of the mass carried. */
function draftChain(network: Network, route: Route, p: Iso14083Parameters): Draft[] {
  const factors = network.parameters.emissionFactors;
  const handled = new Map<string, boolean>();
  for (const e of route.events) {
    if (e.type === 'gauge-change' || e.type === 'mode-change') {
      handled.set(e.at.id, (handled.get(e.at.id) ?? false) || e.type === 'gauge-change');
    }
  }
  const drafts: Draft[] = [];
  route.legs.forEach((leg, i) => {
    // A hub operation happens where the previous leg ends and this one starts.
    if (i > 0 && handled.has(leg.from.id)) {
      const node = network.nodeById.get(leg.from.id) as NetworkNode;
      const hubType = hubTypeOf(node, handled.get(leg.from.id) ?? false);
      const hub = p.hubs[hubType];
      drafts.push({
        element: {
          kind: 'hub',
          nodeId: node.id,
          hubType,
          intensity: hub.wtwKgPerTonne,
          intensityUnit: 'kgCO2e/t',
          dataQuality: `${hub.dataQuality} intensity (hub ${hubType})`,
          source: hub.source,
        },
        wtw: hub.wtwKgPerTonne,
        ttwShare: hub.tankToWheelShare,
      });
    }
    const link = network.linkById.get(leg.linkId) as NetworkLink;
    const name = link.emissionFactor as keyof typeof factors;
    const factor = factors[name];
    const share = p.tankToWheelShare[name];
    const daf = p.distanceAdjustmentFactor[link.mode].value;
    drafts.push({
      element: {
        kind: 'leg',
        linkId: leg.linkId,
        mode: leg.mode,
        intensity: factor.value,
        intensityUnit: 'gCO2e/tkm',
        distanceAdjustmentFactor: daf,
        dataQuality: `${share.dataQuality === 'estimate' ? 'default intensity with an estimated TTW/WTT split' : 'default intensity'} (${name}), modelled distance`,
        source: `${factor.source}; TTW/WTT split: ${share.source}`,
      },
      km: leg.distanceKm * daf,
      wtw: factor.value,
      ttwShare: share.value,
    });
  });
  return drafts;
}

/** Elements and total for `tonnes` of cargo, in hundredths of a kg. */
function account(drafts: readonly Draft[], tonnes: number) {
  const total = { wtw: 0, ttw: 0, wtt: 0 };
  const elements: ChainElement[] = drafts.map((d) => {
    // Legs: g per tkm times tkm is grams; hubs: kg per t times t is kg.
    const activity = d.km !== undefined ? tonnes * d.km : tonnes;
    const kg = d.km !== undefined ? (activity * d.wtw) / 1000 : activity * d.wtw;
    const ttw = cents(kg * d.ttwShare);
    const wtt = cents(kg * (1 - d.ttwShare));
    total.ttw += ttw;
    total.wtt += wtt;
    total.wtw += ttw + wtt;
    return {
      ...d.element,
      ...(d.km !== undefined ? { tonneKm: Math.round(activity * 1000) / 1000 } : { tonnes }),
      co2eKg: fromCents({ wtw: ttw + wtt, ttw, wtt }),
    };
  });
  return { elements, total };
}

/**
 * The ISO 14083 account of a route for `cargoTonnes` (default: 1 t, i.e. per tonne of cargo).
 * @throws DomainError when the network's parameters.json has no iso14083 block.
 */
export function iso14083Emissions(network: Network, route: Route, cargoTonnes = 1): ChainEmissions {
  const p = network.parameters.iso14083;
  if (!p) {
    throw new DomainError(
      'INVALID_PARAMETER',
      'emissions: this network has no ISO 14083 factors (an iso14083 block in parameters.json)',
      { parameter: 'emissions', value: 'iso14083' },
    );
  }
  const drafts = draftChain(network, route, p);
  const cargo = account(drafts, cargoTonnes);
  const teu = account(drafts, p.payloadTonnes.teu.value).total;
  const feu = account(drafts, p.payloadTonnes.feu.value).total;
  return {
    standard: ISO_14083,
    basis: {
      cargoTonnes,
      allocation: ALLOCATION,
      payloadTonnesPerTeu: p.payloadTonnes.teu.value,
      payloadTonnesPerFeu: p.payloadTonnes.feu.value,
      payloadSource: `TEU: ${p.payloadTonnes.teu.source}; FEU: ${p.payloadTonnes.feu.source}`,
      rounding: ROUNDING,
      scope: SCOPE,
    },
    elements: cargo.elements,
    total: fromCents(cargo.total),
    perContainer: { teu: fromCents(teu), feu: fromCents(feu) },
  };
}

/** The plan with each route's ISO 14083 account added, for the plan's cargoTonnes (else per tonne). */
export function withIso14083<P extends { routes: Route[]; cargoTonnes?: number }>(
  network: Network,
  plan: P,
): Omit<P, 'routes'> & { routes: (P['routes'][number] & { emissions: ChainEmissions })[] } {
  return {
    ...plan,
    routes: plan.routes.map((r) => ({ ...r, emissions: iso14083Emissions(network, r, plan.cargoTonnes) })),
  };
}
