// The interactive map: SVG drawn in the page with d3-geo (the same conic conformal projection as the server's
// /map.svg), over the Natural Earth outlines and the /network GeoJSON, with its own zoom and pan.
//
// Why SVG and not a WebGL map library: the page must work offline under a strict CSP (no tiles, fonts or
// workers from elsewhere), in headless Chromium (where WebGL is often unavailable) and in print and export
// (an SVG file is the download). At continental scale the drawing is a few hundred paths, so SVG is fast;
// geometry sits in one group moved by a transform (strokes keep their width with non-scaling-stroke), and
// labels and markers are placed again in screen space after each zoom, so they keep their size and can be
// kept off the route legs.

import { svg } from './dom.js';

const WIDTH = 1200;
const HEIGHT = 720;
const MIN_ZOOM = 1;
const MAX_ZOOM = 16;
const KEY_PAN = 80;
/** Cell size of the label-collision grid, in SVG units. */
const GRID = 40;

/**
 * Route colours, best first: the server's palette (kept apart for common colour-vision deficiencies), with the
 * orange darkened to keep 3:1 against the land.
 */
export const ROUTE_COLOURS = ['#1565c0', '#c25100', '#7b3294', '#1b7837', '#b2182b', '#4d4d4d'];

/** Dash patterns by mode: rail solid, ferry dashed, road dotted (legend and export use the same). */
export const MODE_DASH = { rail: null, ferry: '9 6', road: '1 7' };
const NETWORK_DASH = { rail: null, ferry: '3 3', road: '1 4' };

const INK = '#1f2933';
const SEA = '#dbe7f1';
const LAND = '#f5f2eb';
const BORDER = '#b9b09f';
const NETWORK = '#8a939c';
const ADVISORY = '#b3261e';
/** Disruptions in force: black with a white dash (a closed line), apart from the red advisory triangles. */
const DISRUPTION = '#111111';
/** Reachability shades, soonest first (teal, kept apart from the route colours). */
export const REACH_SHADES = ['#00564d', '#1f8a7e', '#7cc4b8'];

/** Rough text extent for collision tests: CJK glyphs are square, Latin and Cyrillic about 0.6 em. */
function textWidth(text, size) {
  let w = 0;
  for (const ch of text) w += /[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? size : size * 0.6;
  return w;
}

/** Whether segment a-b crosses or lies in rectangle r ({x, y, w, h}). */
function segmentHitsRect(a, b, r) {
  const inside = (p) => p[0] >= r.x && p[0] <= r.x + r.w && p[1] >= r.y && p[1] <= r.y + r.h;
  if (inside(a) || inside(b)) return true;
  // Liang–Barsky clipping: does any part of the segment fall in the rectangle?
  let t0 = 0;
  let t1 = 1;
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const edges = [
    [-dx, a[0] - r.x],
    [dx, r.x + r.w - a[0]],
    [-dy, a[1] - r.y],
    [dy, r.y + r.h - a[1]],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
      if (t0 > t1) return false;
    }
  }
  return true;
}

const overlaps = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

export class MapView {
  /**
   * @param {HTMLElement} host the element that receives the SVG (focusable, takes the keyboard)
   * @param {{ i18n: object, placeName: (node) => string }} options
   */
  constructor(host, { i18n, placeName }) {
    this.host = host;
    this.i18n = i18n;
    this.placeName = placeName;
    this.view = { k: 1, x: 0, y: 0 };
    this.pointers = new Map();
    this.state = { plan: null, selected: 0, avoid: [] };
    this.frame = 0;
    this.disruptions = [];
    this.reach = null;
  }

  /** Disruptions in force, drawn on every view: links and seas as struck-through lines, nodes as markers. */
  setDisruptions(disruptions) {
    this.disruptions = disruptions;
    if (this.svgRoot) this.draw();
  }

  /**
   * Reachable nodes (the /reachability GeoJSON features) shaded by hours from the origin, in three bands up to
   * `maxHours`; null clears the shading.
   */
  setReach(reach) {
    this.reach = reach;
    this.drawOverlay();
  }

  /** The links a disruption target covers: the link itself, or every ferry link of a sea. */
  disruptedLinks(target) {
    if (target.kind === 'link') return this.links.has(target.id) ? [this.links.get(target.id)] : [];
    if (target.kind === 'sea') {
      return [...this.links.values()].filter((l) => l.mode === 'ferry' && (l.seaId ?? l.sea) === target.id);
    }
    return [];
  }

  /** Loads the outlines and the network (once). */
  async load() {
    const [outlines, network] = await Promise.all([
      fetch('/assets/countries-110m.geojson').then((r) => (r.ok ? r.json() : Promise.reject(r.status))),
      fetch('/network').then((r) => (r.ok ? r.json() : Promise.reject(r.status))),
    ]);
    this.countries = outlines.features;
    this.nodes = new Map();
    this.links = new Map();
    for (const f of network.features) {
      if (f.properties.featureType === 'node') {
        this.nodes.set(f.id, {
          ...f.properties,
          lon: f.geometry.coordinates[0],
          lat: f.geometry.coordinates[1],
        });
      } else {
        this.links.set(f.id, { ...f.properties, coordinates: f.geometry.coordinates });
      }
    }
    this.dataVersion = network.dataVersion;
    return this;
  }

  setI18n(i18n) {
    this.i18n = i18n;
    if (this.svgRoot) this.draw();
  }

  /** Shows a plan (or only the network when `plan` is null), with one route selected. */
  show({ plan, selected = 0, avoid = [] }) {
    this.state = { plan, selected, avoid };
    this.fit();
    this.view = { k: 1, x: 0, y: 0 };
    this.draw();
  }

  /** Selects another route of the shown plan: emphasis, stops and labels follow it. */
  select(index) {
    this.state.selected = index;
    this.drawRoutes();
    this.drawOverlay();
  }

  /** The coordinates of a leg, in travel direction, from its network link (waypoints included). */
  legCoordinates(leg) {
    const link = this.links.get(leg.linkId);
    if (link) return link.from === leg.from.id ? link.coordinates : [...link.coordinates].reverse();
    const a = this.nodes.get(leg.from.id);
    const b = this.nodes.get(leg.to.id);
    return a && b
      ? [
          [a.lon, a.lat],
          [b.lon, b.lat],
        ]
      : [];
  }

  fit() {
    const { plan } = this.state;
    const lines = plan
      ? plan.routes.flatMap((r) => r.legs.map((l) => this.legCoordinates(l)))
      : [...this.links.values()].map((l) => l.coordinates);
    const all = lines.flat();
    const lons = all.map((p) => p[0]);
    const lats = all.map((p) => p[1]);
    const [west, east] = [Math.min(...lons), Math.max(...lons)];
    const [south, north] = [Math.min(...lats), Math.max(...lats)];
    const padLon = Math.max(3, (east - west) * 0.08);
    const padLat = Math.max(3, (north - south) * 0.15);
    const centre = (west + east) / 2;
    const d3 = window.d3;
    this.projection = d3
      .geoConicConformal()
      .rotate([-centre, 0])
      .parallels([35, 55])
      .precision(0.5)
      .fitExtent(
        [
          [20, 20],
          [WIDTH - 20, HEIGHT - 20],
        ],
        {
          type: 'MultiPoint',
          coordinates: [
            [west - padLon, south - padLat],
            [east + padLon, south - padLat],
            [west - padLon, north + padLat],
            [east + padLon, north + padLat],
            [centre, north + padLat],
            [centre, south - padLat],
          ],
        },
      );
    this.path = d3.geoPath(this.projection);
  }

  /** Projected point in map units (before zoom). */
  project(lonLat) {
    return this.projection(lonLat);
  }

  /** Map units to screen units (after zoom). */
  toScreen(p) {
    return [p[0] * this.view.k + this.view.x, p[1] * this.view.k + this.view.y];
  }

  draw() {
    const { t } = this.i18n;
    const avoid = new Set(this.state.avoid);
    const root = svg('svg', {
      xmlns: 'http://www.w3.org/2000/svg',
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      role: 'img',
      'aria-labelledby': 'map-svg-title',
      'font-family': "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
    });
    root.append(
      svg('title', { id: 'map-svg-title' }, this.title()),
      svg(
        'defs',
        {},
        svg(
          'pattern',
          {
            id: 'avoid-hatch',
            patternUnits: 'userSpaceOnUse',
            width: 7,
            height: 7,
            patternTransform: 'rotate(45)',
          },
          svg('rect', { width: 7, height: 7, fill: '#f6dcd8' }),
          svg('line', { x1: 0, y1: 0, x2: 0, y2: 7, stroke: '#d9776b', 'stroke-width': 2.2 }),
        ),
      ),
      svg('rect', { class: 'sea', width: WIDTH, height: HEIGHT, fill: SEA }),
    );
    const geo = svg('g', { class: 'geo' });
    const countries = svg('g', {
      class: 'countries',
      fill: LAND,
      stroke: BORDER,
      'stroke-width': 0.7,
      'stroke-linejoin': 'round',
    });
    const avoided = svg('g', {
      class: 'avoided-countries',
      fill: 'url(#avoid-hatch)',
      stroke: '#c0392b',
      'stroke-width': 1,
    });
    for (const c of this.countries) {
      const d = this.path(c);
      if (!d) continue;
      countries.append(
        svg('path', { class: 'country', 'data-country': c.id, d, 'vector-effect': 'non-scaling-stroke' }),
      );
      if (c.id && avoid.has(c.id)) {
        avoided.append(
          svg('path', { class: 'avoided', 'data-country': c.id, d, 'vector-effect': 'non-scaling-stroke' }),
        );
      }
    }
    const network = svg('g', {
      class: 'network',
      fill: 'none',
      stroke: NETWORK,
      'stroke-width': 1.1,
      'stroke-linecap': 'round',
    });
    for (const link of this.links.values()) {
      const d = this.path({ type: 'LineString', coordinates: link.coordinates });
      if (d) {
        network.append(
          svg('path', {
            d,
            'data-mode': link.mode,
            'stroke-dasharray': NETWORK_DASH[link.mode],
            'vector-effect': 'non-scaling-stroke',
          }),
        );
      }
    }
    const disrupted = svg('g', { class: 'disrupted-links', fill: 'none', 'stroke-linecap': 'butt' });
    for (const d of this.disruptions) {
      for (const link of this.disruptedLinks(d.target)) {
        const path = this.path({ type: 'LineString', coordinates: link.coordinates });
        if (!path) continue;
        disrupted.append(
          svg(
            'g',
            { class: 'disruption-link', 'data-disruption': d.id, 'data-target': d.target.id },
            svg('path', {
              d: path,
              stroke: DISRUPTION,
              'stroke-width': 6,
              'vector-effect': 'non-scaling-stroke',
            }),
            svg('path', {
              d: path,
              stroke: '#ffffff',
              'stroke-width': 2,
              'stroke-dasharray': '4 4',
              'vector-effect': 'non-scaling-stroke',
            }),
            svg('title', {}, d.text ?? d.reason),
          ),
        );
      }
    }
    this.routesLayer = svg('g', { class: 'routes', fill: 'none', 'stroke-linejoin': 'round' });
    geo.append(countries, avoided, network, disrupted, this.routesLayer);
    this.geo = geo;
    this.overlay = svg('g', { class: 'overlay' });
    root.append(geo, this.overlay);
    this.attribution = svg(
      'text',
      { class: 'attribution', x: 10, y: HEIGHT - 8, 'font-size': 11, fill: '#4b5563' },
      t('map.outlines'),
    );
    root.append(this.attribution);
    this.svgRoot = root;
    this.host.replaceChildren(root);
    this.bind();
    this.drawRoutes();
    this.applyView();
  }

  title() {
    const { plan } = this.state;
    const { t } = this.i18n;
    if (!plan) return t('map.label');
    return `${t('map.label')}: ${t('results.heading', {
      origin: this.placeName(plan.origin),
      destination: this.placeName(plan.destination),
    })}`;
  }

  /** Route legs: the others thin and faded, the selected one on top with a casing; modes by dash. */
  drawRoutes() {
    const { plan, selected } = this.state;
    const layer = this.routesLayer;
    if (!layer) return;
    layer.replaceChildren();
    if (!plan) return;
    const order = plan.routes.map((_, i) => i).filter((i) => i !== selected);
    order.push(selected);
    for (const r of order) {
      const route = plan.routes[r];
      if (!route) continue;
      const isSelected = r === selected;
      const colour = ROUTE_COLOURS[r % ROUTE_COLOURS.length];
      const group = svg('g', {
        class: isSelected ? 'route selected' : 'route',
        'data-route': r,
        opacity: isSelected ? 1 : 0.55,
      });
      route.legs.forEach((leg, i) => {
        const d = this.path({ type: 'LineString', coordinates: this.legCoordinates(leg) });
        if (!d) return;
        const width = isSelected ? 5 : 3;
        group.append(
          svg('path', {
            class: 'casing',
            d,
            stroke: '#ffffff',
            'stroke-width': width + 3,
            'stroke-opacity': 0.9,
            'vector-effect': 'non-scaling-stroke',
          }),
          svg(
            'path',
            {
              class: `leg${leg.mode === 'ferry' ? ' ferry' : ''}`,
              'data-route': r,
              'data-leg': i,
              'data-mode': leg.mode,
              'data-sea': leg.sea,
              d,
              stroke: colour,
              'stroke-width': width,
              'stroke-linecap': leg.mode === 'rail' ? 'round' : leg.mode === 'road' ? 'round' : 'butt',
              'stroke-dasharray': MODE_DASH[leg.mode],
              'vector-effect': 'non-scaling-stroke',
            },
            svg('title', {}, this.legTitle(leg)),
          ),
        );
      });
      layer.append(group);
    }
  }

  legTitle(leg) {
    const i = this.i18n;
    const sea = leg.seaId ? `, ${i.sea(leg.seaId, leg.sea)}` : '';
    return `${this.placeName(leg.from)} → ${this.placeName(leg.to)}: ${i.mode(leg.mode)}${sea}, ${i.km(leg.distanceKm)}, ${i.duration(leg.durationHours)}`;
  }

  /** Screen-space segments of every drawn route leg: labels must not cover them. */
  legSegments() {
    const { plan } = this.state;
    const segments = [];
    if (!plan) return segments;
    for (const route of plan.routes) {
      for (const leg of route.legs) {
        const points = this.legCoordinates(leg)
          .map((c) => this.project(c))
          .filter(Boolean)
          .map((p) => this.toScreen(p));
        for (let i = 1; i < points.length; i++) segments.push([points[i - 1], points[i]]);
      }
    }
    return segments;
  }

  /** Markers and labels in screen space: stops of the selected route, places, seas, advisories. */
  drawOverlay() {
    const overlay = this.overlay;
    if (!overlay) return;
    overlay.replaceChildren();
    const { plan, selected } = this.state;
    const i18n = this.i18n;
    const segments = this.legSegments();
    // The attribution line in the bottom-left corner stays clear.
    const placed = [{ x: 0, y: HEIGHT - 24, w: 260, h: 24 }];
    const inView = (p) => p[0] >= 0 && p[0] <= WIDTH && p[1] >= 0 && p[1] <= HEIGHT;
    // Segments in a coarse grid, so each candidate label is tested against the few legs near it only.
    const grid = new Map();
    const cells = (x0, y0, x1, y1, visit) => {
      for (let gx = Math.floor(x0 / GRID); gx <= Math.floor(x1 / GRID); gx++) {
        for (let gy = Math.floor(y0 / GRID); gy <= Math.floor(y1 / GRID); gy++) visit(`${gx},${gy}`);
      }
    };
    for (const seg of segments) {
      const [[ax, ay], [bx, by]] = seg;
      if (
        Math.max(ax, bx) < 0 ||
        Math.min(ax, bx) > WIDTH ||
        Math.max(ay, by) < 0 ||
        Math.min(ay, by) > HEIGHT
      )
        continue;
      cells(
        Math.max(0, Math.min(ax, bx)),
        Math.max(0, Math.min(ay, by)),
        Math.min(WIDTH, Math.max(ax, bx)),
        Math.min(HEIGHT, Math.max(ay, by)),
        (key) => {
          if (!grid.has(key)) grid.set(key, []);
          grid.get(key).push(seg);
        },
      );
    }
    const hitsLeg = (rect) => {
      let hit = false;
      cells(rect.x, rect.y, rect.x + rect.w, rect.y + rect.h, (key) => {
        if (!hit) hit = (grid.get(key) ?? []).some(([a, b]) => segmentHitsRect(a, b, rect));
      });
      return hit;
    };
    const free = (rect) =>
      rect.x >= 2 &&
      rect.y >= 2 &&
      rect.x + rect.w <= WIDTH - 2 &&
      rect.y + rect.h <= HEIGHT - 2 &&
      !placed.some((r) => overlaps(r, rect)) &&
      !hitsLeg(rect);
    const halo = {
      stroke: '#ffffff',
      'stroke-width': 4,
      'stroke-linejoin': 'round',
      'paint-order': 'stroke',
    };

    /** Places a label near a screen point at the first free spot; returns false when none is free. */
    const label = (text, at, { size = 12, weight = 400, fill = INK, cls = 'place-label', offsets } = {}) => {
      const w = textWidth(text, size) + 4;
      const h = size * 1.25;
      const spots = offsets ?? [
        [10, -h / 2],
        [-10 - w, -h / 2],
        [-w / 2, -h - 8],
        [-w / 2, 8],
        [10, -h - 4],
        [-10 - w, 4],
      ];
      for (const [dx, dy] of spots) {
        const rect = { x: at[0] + dx, y: at[1] + dy, w, h };
        if (!free(rect)) continue;
        placed.push(rect);
        overlay.append(
          svg(
            'text',
            {
              class: cls,
              x: (rect.x + 2).toFixed(1),
              y: (rect.y + size).toFixed(1),
              'font-size': size,
              'font-weight': weight,
              fill,
              ...halo,
            },
            text,
          ),
        );
        return true;
      }
      return false;
    };

    // Reachable places first, under everything else: one dot each, shaded by band.
    if (this.reach) {
      const group = svg('g', { class: 'reach', 'data-origin': this.reach.origin });
      const { maxHours } = this.reach;
      for (const f of this.reach.features) {
        const p = this.toScreen(this.project(f.geometry.coordinates));
        if (!inView(p)) continue;
        const band = Math.min(2, Math.floor((3 * f.properties.durationHours) / (maxHours || 1)));
        group.append(
          svg(
            'circle',
            {
              class: `reach-node band-${band}`,
              'data-node': f.properties.id,
              cx: p[0].toFixed(1),
              cy: p[1].toFixed(1),
              r: f.properties.origin ? 8 : 6,
              fill: REACH_SHADES[band],
              'fill-opacity': 0.85,
              stroke: '#ffffff',
              'stroke-width': 1,
            },
            svg(
              'title',
              {},
              `${this.placeName(f.properties)}: ${this.i18n.duration(f.properties.durationHours)}`,
            ),
          ),
        );
      }
      overlay.append(group);
    }

    // Disruptions of nodes in force: a black square with a white cross.
    for (const d of this.disruptions) {
      if (d.target.kind !== 'node' || !this.nodes.has(d.target.id)) continue;
      const n = this.nodes.get(d.target.id);
      const p = this.toScreen(this.project([n.lon, n.lat]));
      if (!inView(p)) continue;
      const [x, y] = p;
      const s = 8;
      overlay.append(
        svg(
          'g',
          {
            class: 'disruption',
            'data-disruption': d.id,
            'data-target': d.target.id,
            'data-effect': d.effect,
          },
          svg('rect', {
            x: (x - s).toFixed(1),
            y: (y - s).toFixed(1),
            width: 2 * s,
            height: 2 * s,
            rx: 2,
            fill: DISRUPTION,
            stroke: '#ffffff',
            'stroke-width': 1.5,
          }),
          svg('path', {
            d: `M${(x - 4).toFixed(1)} ${(y - 4).toFixed(1)}L${(x + 4).toFixed(1)} ${(y + 4).toFixed(1)}M${(x + 4).toFixed(1)} ${(y - 4).toFixed(1)}L${(x - 4).toFixed(1)} ${(y + 4).toFixed(1)}`,
            stroke: '#ffffff',
            'stroke-width': 2,
          }),
          svg('title', {}, d.text ?? d.reason),
        ),
      );
      placed.push({ x: x - s, y: y - s, w: 2 * s, h: 2 * s });
    }

    const route = plan?.routes[selected];
    // Stops of the selected route (markers follow the selection), then origin and destination.
    const stopMarks = [];
    if (route) {
      const events = new Map();
      for (const e of route.events ?? []) {
        if (!events.has(e.at.id)) events.set(e.at.id, []);
        events.get(e.at.id).push(e.type);
      }
      const stops = route.legs.slice(1).map((leg) => leg.from);
      const group = svg('g', { class: 'stops', 'data-route': selected });
      for (const stop of stops) {
        const node = this.nodes.get(stop.id);
        if (!node) continue;
        const p = this.toScreen(this.project([node.lon, node.lat]));
        if (!inView(p)) continue;
        const types = events.get(stop.id) ?? [];
        const border = types.includes('border-crossing') || types.includes('gauge-change');
        group.append(
          svg(
            'circle',
            {
              class: border ? 'stop border' : 'stop',
              'data-node': stop.id,
              cx: p[0].toFixed(1),
              cy: p[1].toFixed(1),
              r: border ? 4.5 : 3.5,
              fill: '#ffffff',
              stroke: INK,
              'stroke-width': border ? 2 : 1.4,
            },
            svg('title', {}, this.placeName(node)),
          ),
        );
        placed.push({ x: p[0] - 5, y: p[1] - 5, w: 10, h: 10 });
        stopMarks.push({ node, p, border });
      }
      overlay.append(group);
    }

    const ends = [];
    if (plan) {
      for (const [ref, kind] of [
        [plan.origin, 'origin'],
        [plan.destination, 'destination'],
      ]) {
        const node = this.nodes.get(ref.id);
        if (!node) continue;
        const p = this.toScreen(this.project([node.lon, node.lat]));
        ends.push({ node, p, kind });
        if (!inView(p)) continue;
        overlay.append(
          svg('circle', {
            class: `place ${kind}`,
            cx: p[0].toFixed(1),
            cy: p[1].toFixed(1),
            r: 7,
            fill: kind === 'origin' ? INK : '#ffffff',
            stroke: INK,
            'stroke-width': 2.5,
          }),
        );
        placed.push({ x: p[0] - 8, y: p[1] - 8, w: 16, h: 16 });
      }
    }
    // Advisories the API reports on the selected route.
    for (const a of route?.advisories ?? []) this.drawAdvisory(a, placed);

    // Labels in priority order: ends, seas crossed by the selected route, border stops, other stops, hubs.
    for (const { node, p } of ends) {
      if (!inView(p)) continue;
      const text = this.placeName(node);
      const w = textWidth(text, 15) + 4;
      // Ends are always named: around the marker, moving outwards until the label is clear of every leg.
      const offsets = [];
      for (const r of [12, 24, 40, 60]) {
        offsets.push(
          [r, -10],
          [-r - w, -10],
          [-w / 2, -r - 19],
          [-w / 2, r],
          [r, -r - 10],
          [-r - w, r - 10],
          [r, r - 10],
          [-r - w, -r - 10],
        );
      }
      label(text, p, { size: 15, weight: 700, cls: 'place-label end', offsets });
    }
    const seas = new Set();
    for (const leg of route?.legs ?? []) {
      if (leg.mode !== 'ferry' || !leg.seaId || seas.has(leg.seaId)) continue;
      seas.add(leg.seaId);
      const points = this.legCoordinates(leg)
        .map((c) => this.project(c))
        .filter(Boolean)
        .map((pt) => this.toScreen(pt));
      const mid = points[Math.floor(points.length / 2)] ?? points[0];
      if (!mid || !inView(mid)) continue;
      const text = i18n.sea(leg.seaId, leg.sea);
      const size = 13;
      const w = textWidth(text, size) + 4;
      const h = size * 1.25;
      // Around the crossing, moving outwards until no leg is under the label.
      const offsets = [];
      for (const r of [18, 32, 50, 72, 100]) {
        for (const [cx, cy] of [
          [0, 1],
          [0, -1],
          [1, 0],
          [-1, 0],
          [0.7, 0.7],
          [-0.7, 0.7],
          [0.7, -0.7],
          [-0.7, -0.7],
        ]) {
          offsets.push([cx * r - w / 2, cy * r - h / 2]);
        }
      }
      label(text, mid, { size, weight: 600, fill: '#0b4f8a', cls: 'sea-label', offsets });
    }
    const k = this.view.k;
    for (const { node, p, border } of stopMarks) {
      if (border || k >= 2) label(this.placeName(node), p, { size: 12 });
    }
    // Hubs, ports and terminals of the network as space allows (more appear as one zooms in).
    const budget = 8 + Math.round(10 * k);
    let shown = 0;
    for (const node of this.nodes.values()) {
      if (shown >= budget) break;
      if (!node.kinds.some((kind) => kind === 'hub' || kind === 'port')) continue;
      if (stopMarks.some((s) => s.node.id === node.id) || ends.some((e) => e.node.id === node.id)) continue;
      const p = this.toScreen(this.project([node.lon, node.lat]));
      if (!inView(p)) continue;
      // The hub's dot must be clear of the labels already placed, and is reserved before its own label.
      const dot = { x: p[0] - 3, y: p[1] - 3, w: 6, h: 6 };
      if (placed.some((r) => overlaps(r, dot))) continue;
      placed.push(dot);
      if (label(this.placeName(node), p, { size: 11, fill: '#3e4c59', cls: 'place-label hub' })) {
        overlay.append(
          svg('circle', { class: 'hub', cx: p[0].toFixed(1), cy: p[1].toFixed(1), r: 2.4, fill: '#3e4c59' }),
        );
        shown++;
      } else {
        placed.splice(placed.indexOf(dot), 1);
      }
    }
    // Country names last, where room is left.
    if (this.state.plan || k >= 1) {
      for (const c of this.countries) {
        if (!c.id || !this.countryCentre(c)) continue;
        const p = this.toScreen(this.countryCentre(c));
        if (!inView(p)) continue;
        const text = i18n.country(c.id);
        const size = 11;
        const w = textWidth(text, size) + 4;
        label(text, p, {
          size,
          fill: '#5c6670',
          weight: 600,
          cls: 'country-label',
          offsets: [[-w / 2, -size / 2]],
        });
      }
    }
  }

  /** The centre of a country's largest polygon, in map units (an overseas territory must not pull it away). */
  countryCentre(c) {
    this.centres ??= new Map();
    if (this.centres.has(c)) return this.centres.get(c);
    let best = null;
    let area = 0;
    const polygons = c.geometry.type === 'MultiPolygon' ? c.geometry.coordinates : [c.geometry.coordinates];
    for (const coordinates of polygons) {
      const shape = { type: 'Polygon', coordinates };
      const a = this.path.area(shape);
      if (a > area) {
        area = a;
        best = this.path.centroid(shape);
      }
    }
    const centre = best && Number.isFinite(best[0]) && area > 60 ? best : null;
    this.centres.set(c, centre);
    return centre;
  }

  drawAdvisory(advisory, placed) {
    let point = null;
    if (advisory.nodeId && this.nodes.has(advisory.nodeId)) {
      const n = this.nodes.get(advisory.nodeId);
      point = this.project([n.lon, n.lat]);
    } else if (advisory.linkId && this.links.has(advisory.linkId)) {
      const coordinates = this.links.get(advisory.linkId).coordinates;
      point = this.project(coordinates[Math.floor(coordinates.length / 2)]);
    } else if (advisory.country) {
      const c = this.countries.find((f) => f.id === advisory.country);
      point = c ? this.countryCentre(c) : null;
    }
    if (!point) return;
    const [x, y] = this.toScreen(point);
    const s = 9;
    this.overlay.append(
      svg(
        'g',
        { class: 'advisory', 'data-kind': advisory.kind },
        svg('path', {
          d: `M${x.toFixed(1)} ${(y - s).toFixed(1)}L${(x + s).toFixed(1)} ${(y + s * 0.75).toFixed(1)}L${(x - s).toFixed(1)} ${(y + s * 0.75).toFixed(1)}Z`,
          fill: ADVISORY,
          stroke: '#ffffff',
          'stroke-width': 1.5,
        }),
        svg(
          'text',
          {
            x: x.toFixed(1),
            y: (y + s * 0.55).toFixed(1),
            'text-anchor': 'middle',
            'font-size': 11,
            'font-weight': 700,
            fill: '#ffffff',
          },
          '!',
        ),
        svg('title', {}, `${advisory.summary} (${advisory.source}, ${advisory.asOf})`),
      ),
    );
    placed.push({ x: x - s, y: y - s, w: 2 * s, h: 2 * s });
  }

  // ---------- zoom and pan ----------

  applyView() {
    const { k, x, y } = this.view;
    this.geo?.setAttribute('transform', `translate(${x.toFixed(2)} ${y.toFixed(2)}) scale(${k.toFixed(4)})`);
    this.drawOverlay();
    this.host.dataset.zoom = k.toFixed(2);
  }

  /** Schedules one redraw per animation frame, however many events arrive. */
  requestView() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.applyView();
    });
  }

  clamp() {
    const v = this.view;
    v.k = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, v.k));
    // Keep the drawing on screen: at most a third of the view may be empty on either side.
    const slackX = WIDTH / 3;
    const slackY = HEIGHT / 3;
    v.x = Math.min(slackX, Math.max(WIDTH - WIDTH * v.k - slackX, v.x));
    v.y = Math.min(slackY, Math.max(HEIGHT - HEIGHT * v.k - slackY, v.y));
  }

  /** Zooms by `factor` keeping the map point under `at` (map units; default the centre) in place. */
  zoomBy(factor, at = [WIDTH / 2, HEIGHT / 2]) {
    const v = this.view;
    const k = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, v.k * factor));
    v.x = at[0] - ((at[0] - v.x) * k) / v.k;
    v.y = at[1] - ((at[1] - v.y) * k) / v.k;
    v.k = k;
    this.clamp();
    this.requestView();
  }

  panBy(dx, dy) {
    this.view.x += dx;
    this.view.y += dy;
    this.clamp();
    this.requestView();
  }

  reset() {
    this.view = { k: 1, x: 0, y: 0 };
    this.requestView();
  }

  /** A client (screen pixel) position in the SVG's units. */
  toMap(clientX, clientY) {
    const box = this.svgRoot.getBoundingClientRect();
    return [((clientX - box.left) / box.width) * WIDTH, ((clientY - box.top) / box.height) * HEIGHT];
  }

  bind() {
    const root = this.svgRoot;
    root.addEventListener(
      'wheel',
      (event) => {
        event.preventDefault();
        const factor = Math.exp(-event.deltaY * (event.deltaMode === 1 ? 0.05 : 0.0018));
        this.zoomBy(factor, this.toMap(event.clientX, event.clientY));
      },
      { passive: false },
    );
    root.addEventListener('pointerdown', (event) => {
      root.setPointerCapture(event.pointerId);
      this.pointers.set(event.pointerId, this.toMap(event.clientX, event.clientY));
      this.host.classList.add('dragging');
    });
    root.addEventListener('pointermove', (event) => {
      const before = this.pointers.get(event.pointerId);
      if (!before) return;
      const now = this.toMap(event.clientX, event.clientY);
      if (this.pointers.size >= 2) {
        // Pinch: zoom by the change in distance between two fingers, about their midpoint.
        const [idA, idB] = [...this.pointers.keys()];
        const other = this.pointers.get(event.pointerId === idA ? idB : idA);
        const distBefore = Math.hypot(before[0] - other[0], before[1] - other[1]);
        const distNow = Math.hypot(now[0] - other[0], now[1] - other[1]);
        const mid = [(now[0] + other[0]) / 2, (now[1] + other[1]) / 2];
        if (distBefore > 0) this.zoomBy(distNow / distBefore, mid);
        this.panBy((now[0] - before[0]) / 2, (now[1] - before[1]) / 2);
      } else {
        this.panBy(now[0] - before[0], now[1] - before[1]);
      }
      this.pointers.set(event.pointerId, now);
    });
    const end = (event) => {
      this.pointers.delete(event.pointerId);
      if (this.pointers.size === 0) this.host.classList.remove('dragging');
    };
    root.addEventListener('pointerup', end);
    root.addEventListener('pointercancel', end);
    root.addEventListener('dblclick', (event) => this.zoomBy(2, this.toMap(event.clientX, event.clientY)));
  }

  /** Keyboard control for the focusable map region: + and − zoom, arrows pan, 0 or Home resets. */
  handleKey(event) {
    const keys = {
      '+': () => this.zoomBy(1.5),
      '=': () => this.zoomBy(1.5),
      '-': () => this.zoomBy(1 / 1.5),
      _: () => this.zoomBy(1 / 1.5),
      ArrowLeft: () => this.panBy(KEY_PAN, 0),
      ArrowRight: () => this.panBy(-KEY_PAN, 0),
      ArrowUp: () => this.panBy(0, KEY_PAN),
      ArrowDown: () => this.panBy(0, -KEY_PAN),
      0: () => this.reset(),
      Home: () => this.reset(),
    };
    const action = keys[event.key];
    if (!action || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    action();
  }

  /** The map as a standalone SVG document (what is on screen, with a legend and a stamp line). */
  exportSvg({ stamp, legend }) {
    const copy = this.svgRoot.cloneNode(true);
    copy.setAttribute('width', WIDTH);
    copy.setAttribute('height', HEIGHT);
    const rows = legend.map(({ text, stroke, dash, width }, i) =>
      svg(
        'g',
        { transform: `translate(0 ${i * 20})` },
        svg('line', {
          x1: 0,
          y1: 0,
          x2: 28,
          y2: 0,
          stroke,
          'stroke-width': width ?? 3,
          'stroke-dasharray': dash,
        }),
        svg('text', { x: 36, y: 4, 'font-size': 12, fill: INK }, text),
      ),
    );
    const boxWidth = 52 + Math.max(...legend.map((r) => textWidth(r.text, 12)));
    const boxHeight = legend.length * 20 + 16;
    copy.append(
      svg(
        'g',
        { class: 'legend', transform: `translate(${WIDTH - boxWidth - 12} ${HEIGHT - boxHeight - 30})` },
        svg('rect', {
          width: boxWidth,
          height: boxHeight,
          rx: 6,
          fill: '#ffffff',
          'fill-opacity': 0.94,
          stroke: '#cbd2d9',
        }),
        svg('g', { transform: 'translate(12 16)' }, rows),
      ),
      svg(
        'text',
        { x: WIDTH - 10, y: HEIGHT - 8, 'text-anchor': 'end', 'font-size': 11, fill: '#4b5563' },
        stamp,
      ),
    );
    return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}\n`;
  }
}
