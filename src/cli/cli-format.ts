/** Plain-text rendering of a route plan for terminals: a header, then per route its totals, ferries and legs. */
import type { z } from 'zod';
import type { RoutePlanSchema } from '../http/schemas/route-schemas.js';

type RoutePlanBody = z.output<typeof RoutePlanSchema>;

const OPTIMIZE = { distance: 'shortest distance', time: 'fastest', co2: 'lowest CO2e' } as const;

const number = (value: number, digits = 1) =>
  value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Cuts text to `width` characters, marking the cut with an ellipsis. */
function truncate(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, width - 1).join('')}…`;
}

/** An ISO 8601 UTC instant as `2026-12-05 14:00 UTC`. */
const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

const padEnd = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - [...text].length));
const padStart = (text: string, width: number) => ' '.repeat(Math.max(0, width - [...text].length)) + text;

/** The plan as text: one section per route (best first), each leg a row, ferry legs marked. */
export function formatPlan(plan: RoutePlanBody): string {
  const lines: string[] = [];
  lines.push(`${plan.origin.name} (${plan.origin.id}) → ${plan.destination.name} (${plan.destination.id})`);
  const constraints = [
    plan.avoid.length ? `avoiding ${plan.avoid.join(', ')}` : '',
    plan.avoidModes.length ? `no ${plan.avoidModes.join(', ')}` : '',
    plan.avoidSeas.length ? `no ferries on ${plan.avoidSeas.join(', ')}` : '',
    plan.avoidNodes.length ? `not through ${plan.avoidNodes.join(', ')}` : '',
    plan.avoidAdvisories.length ? `clear of ${plan.avoidAdvisories.join(', ')} advisories` : '',
    plan.via.length ? `via ${plan.via.map((v) => v.name).join(', ')}` : '',
    `${OPTIMIZE[plan.optimize]} first`,
  ].filter(Boolean);
  lines.push(
    `${constraints.join(' · ')} · network of ${plan.networkDate} · data ${plan.dataVersion.slice(0, 19)}`,
  );
  if (plan.departAt)
    lines.push(`Leaving ${when(plan.departAt)}${plan.arriveBy ? ` · due by ${when(plan.arriveBy)}` : ''}`);
  for (const d of plan.disruptionsAvoided) {
    lines.push(`Closed: ${d.target.kind} ${d.target.id} (disruption ${d.id}: ${d.reason}), avoided`);
  }

  const nameWidth = 28;
  plan.routes.forEach((route, r) => {
    lines.push('');
    const title = r === 0 ? 'Best route' : `Alternative ${r}`;
    lines.push(
      `${title}: ${number(route.distanceKm, 0)} km · ${number(route.durationHours / 24)} days (${number(route.durationHours)} h) · ${number(route.co2eKgPerTonne)} kg CO2e/t${route.co2eKg !== undefined ? ` (${number(route.co2eKg, 0)} kg for the cargo)` : ''}`,
    );
    lines.push(`Countries: ${route.countries.join(' → ')}`);
    if (route.arrival && route.durationDays) {
      const a = route.arrival;
      const d = route.durationDays;
      lines.push(
        `Arrives ${when(a.p50)} (median) · range ${when(a.p10)} to ${when(a.p90)} (p10-p90) · ${number(d.p50)} days (${number(d.p10)}-${number(d.p90)})`,
      );
      if (route.onTimeProbability !== undefined)
        lines.push(
          `On time by ${when(plan.arriveBy ?? '')}: ${Math.round(route.onTimeProbability * 100)} % of simulated runs`,
        );
    }
    if (route.emissions) {
      const e = route.emissions;
      const kg = (c: { wtw: number; ttw: number; wtt: number }) =>
        `${number(c.wtw, 2)} kg CO2e WTW (TTW ${number(c.ttw, 2)}, WTT ${number(c.wtt, 2)})`;
      const hubs = e.elements.filter((x) => x.kind === 'hub').length;
      lines.push(
        `${e.standard}: ${kg(e.total)} for ${number(e.basis.cargoTonnes, 1)} t over ${e.elements.length - hubs} legs and ${hubs} hub operations; per TEU (${number(e.basis.payloadTonnesPerTeu, 0)} t) ${number(e.perContainer.teu.wtw, 2)} kg, per FEU (${number(e.basis.payloadTonnesPerFeu, 0)} t) ${number(e.perContainer.feu.wtw, 2)} kg`,
      );
    }
    if (route.comparedToUnconstrained) {
      const c = route.comparedToUnconstrained;
      const sign = (v: number) => (v >= 0 ? '+' : '−');
      lines.push(
        `Against the best route without the constraints: ${sign(c.extraDistanceKm)}${number(Math.abs(c.extraDistanceKm), 0)} km, ${sign(c.extraDurationHours)}${number(Math.abs(c.extraDurationHours) / 24)} days`,
      );
    }
    for (const a of route.advisories) {
      lines.push(
        `  ⚠ ${a.kind} at ${a.country ?? a.nodeId ?? a.linkId}: ${a.summary} (as of ${a.asOf}; ${a.source})`,
      );
    }
    for (const d of route.disruptions) {
      lines.push(
        `  ⏱ ${d.target.kind} ${d.target.id}: +${number(d.addedHours)} h (disruption ${d.id}: ${d.reason})`,
      );
    }
    if (route.ferries.length === 0) {
      lines.push('Ferries: none, every leg is overland');
    } else {
      lines.push(`Ferries (${route.ferries.length}):`);
      for (const f of route.ferries) {
        const sailing = route.legs.find((l) => l.mode === 'ferry' && l.from.id === f.from.id)?.departsAt;
        lines.push(
          `  ⛴ ${f.sea}: ${f.from.name} → ${f.to.name}, ${number(f.distanceKm, 0)} km, ${number(f.sailingHours)} h sailing, ${f.sailingsPerWeek}/week${f.operator ? ` (${f.operator})` : ''}${sailing ? `; median sailing ${when(sailing)}` : ''}`,
        );
      }
    }
    if (route.usesRoad) {
      const trucked = route.legs.filter((l) => l.mode === 'road');
      lines.push(
        `Road: ${number(route.roadKm, 0)} km by truck (${trucked.map((l) => `${l.from.name} → ${l.to.name}`).join(', ')})`,
      );
    }
    lines.push('');
    const dated = route.legs[0]?.departsAt !== undefined;
    const header = `${padStart('#', 3)}  ${padEnd('From', nameWidth)}  ${padEnd('To', nameWidth)}  ${padEnd('Mode', 20)}  ${padStart('km', 9)}  ${padStart('hours', 7)}  ${padStart('kg CO2e/t', 9)}${dated ? `  ${padEnd('leaves (median)', 20)}` : ''}`;
    lines.push(header, '-'.repeat([...header].length));
    const place = (n: { name: string; country: string }) => `${truncate(n.name, nameWidth - 3)} ${n.country}`;
    route.legs.forEach((leg, i) => {
      const mode = leg.mode === 'ferry' ? `FERRY ${leg.sea ?? ''}`.trim() : leg.mode;
      lines.push(
        `${padStart(String(i + 1), 3)}  ${padEnd(place(leg.from), nameWidth)}  ${padEnd(place(leg.to), nameWidth)}  ${padEnd(truncate(mode, 20), 20)}  ${padStart(number(leg.distanceKm), 9)}  ${padStart(number(leg.durationHours), 7)}  ${padStart(number(leg.co2eKgPerTonne), 9)}${leg.departsAt ? `  ${when(leg.departsAt)}` : ''}`,
      );
    });
    lines.push('-'.repeat([...header].length));
    lines.push(
      `${padEnd(`     Total, ${route.legs.length} legs`, 3 + 2 + nameWidth + 2 + nameWidth + 2 + 20)}  ${padStart(number(route.distanceKm), 9)}  ${padStart(number(route.durationHours), 7)}  ${padStart(number(route.co2eKgPerTonne), 9)}`,
    );
  });
  for (const w of plan.warnings) lines.push('', `Note: ${w}`);
  return `${lines.join('\n')}\n`;
}
