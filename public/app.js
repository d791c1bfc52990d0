// The route planner page: reads its state from the address (a plan is a link), plans through the API, and
// shows the answer: routes compared side by side, an interactive map, each route's legs by country, and
// downloads. Same-origin modules, no inline code, so the strict Content-Security-Policy applies.

import { download, el, focusAndReveal, svg } from './dom.js';
import { findCity, GAZETTEER_SOURCE, nearestTerminals } from './gazetteer.js';
import { chooseLanguage, createI18n, LANGUAGES, localPlaceName } from './i18n.js';
import { MapView, MODE_DASH, REACH_SHADES, ROUTE_COLOURS } from './map-view.js';

const $ = (selector) => document.querySelector(selector);
const form = $('#plan-form');

const MODES = ['rail', 'ferry', 'road'];
const SEAS = ['caspian', 'black-sea', 'lake-van', 'mediterranean'];
const OPTIMIZE = ['time', 'distance', 'co2'];
/** "time" is the default criterion: forwarders quote and compare transit days (see README). */
const DEFAULT_OPTIMIZE = 'time';
const DEFAULT_ALTERNATIVES = '2';
const LIST_KEYS = ['via', 'avoid', 'avoidModes', 'avoidSeas', 'avoidNodes'];
const NODE_ID = /^[A-Z]{2}_[A-Z0-9_]+$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const state = {
  i18n: createI18n(chooseLanguage()),
  countries: [],
  query: null,
  plan: null,
  problem: null,
  selected: 0,
  request: 0,
  map: null,
  /** Node id → name shown for chips (via, avoided stations). */
  labels: new Map(),
  /** Disruptions in force (GET /disruptions?status=active); empty where the instance keeps no state. */
  disruptions: [],
  matrix: null,
};
const lists = { via: [], avoidNodes: [], matrixOrigins: [], matrixDestinations: [] };
let avoid = new Set();

const i = () => state.i18n;
const t = (key, params) => state.i18n.t(key, params);

/** A node's name in the page language (a network node, or an answer's NodeRef looked up by id). */
function placeName(ref) {
  if (!ref) return '';
  const node = state.map?.nodes?.get(ref.id) ?? ref;
  return localPlaceName(node, i().lang) || ref.name || ref.id || '';
}

// ---------- address state ----------

function readAddress(search = location.search) {
  const p = new URLSearchParams(search);
  const list = (name) =>
    (p.getAll(name).join(',') ?? '')
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
  const selected = Number(p.get('route') ?? 0);
  return {
    origin: p.get('origin') ?? '',
    destination: p.get('destination') ?? '',
    via: list('via'),
    avoid: list('avoid').map((c) => c.toUpperCase()),
    avoidModes: list('avoidModes').filter((m) => MODES.includes(m)),
    avoidSeas: list('avoidSeas'),
    avoidNodes: list('avoidNodes'),
    optimize: OPTIMIZE.includes(p.get('optimize')) ? p.get('optimize') : DEFAULT_OPTIMIZE,
    alternatives: /^[0-5]$/.test(p.get('alternatives') ?? '') ? p.get('alternatives') : DEFAULT_ALTERNATIVES,
    cargoTonnes: p.get('cargoTonnes') ?? '',
    departAt: DAY.test(p.get('departAt') ?? '') ? p.get('departAt') : '',
    arriveBy: DAY.test(p.get('arriveBy') ?? '') ? p.get('arriveBy') : '',
    route: Number.isInteger(selected) && selected >= 0 && selected <= 5 ? selected : 0,
  };
}

/** The /routes query string of a plan (without the page-only `lang` and `route`). */
function apiSearch(query) {
  const p = new URLSearchParams();
  p.set('origin', query.origin);
  p.set('destination', query.destination);
  for (const key of LIST_KEYS) if (query[key].length) p.set(key, query[key].join(','));
  p.set('optimize', query.optimize);
  p.set('alternatives', query.alternatives);
  if (query.cargoTonnes !== '') p.set('cargoTonnes', query.cargoTonnes);
  if (query.departAt) p.set('departAt', query.departAt);
  if (query.departAt && query.arriveBy) p.set('arriveBy', query.arriveBy);
  return p;
}

/** The page address of a plan: the API query plus the language and the selected route. */
function pageSearch(query) {
  const p = apiSearch(query);
  if (query.route) p.set('route', String(query.route));
  p.set('lang', i().lang);
  // Keep commas and apostrophes readable in shared links.
  return p.toString().replaceAll('%2C', ',').replaceAll('%27', "'");
}

/** What to send for a place field: the chosen node's id while the text still shows its name, else the text. */
const placeValue = (input) =>
  input.dataset.id && input.value.trim() === input.dataset.name ? input.dataset.id : input.value.trim();

function readForm() {
  return {
    origin: placeValue(form.origin),
    destination: placeValue(form.destination),
    via: [...lists.via],
    avoid: [...avoid].sort(),
    avoidModes: MODES.filter((m) => $(`#avoid-mode-${m}`)?.checked),
    avoidSeas: SEAS.filter((s) => $(`#avoid-sea-${s}`)?.checked),
    avoidNodes: [...lists.avoidNodes],
    optimize: form.optimize.value || DEFAULT_OPTIMIZE,
    alternatives: form.alternatives.value,
    cargoTonnes: form.cargoTonnes.value.trim(),
    // An arrival date alone plans from today.
    departAt: DAY.test(form.departAt.value)
      ? form.departAt.value
      : DAY.test(form.arriveBy.value)
        ? today()
        : '',
    arriveBy: DAY.test(form.arriveBy.value) ? form.arriveBy.value : '',
    route: 0,
  };
}

/** Shows a place in a field: a node id becomes the node's name (the id stays behind as the value sent). */
function setPlace(input, value) {
  const node = NODE_ID.test(value) ? state.map?.nodes?.get(value) : undefined;
  if (node) {
    input.value = placeName(node);
    input.dataset.id = node.id;
    input.dataset.name = input.value;
  } else {
    input.value = value;
    delete input.dataset.id;
  }
}

function fillForm(query) {
  setPlace(form.origin, query.origin);
  setPlace(form.destination, query.destination);
  lists.via = [...query.via];
  lists.avoidNodes = [...query.avoidNodes];
  avoid = new Set(query.avoid);
  form.optimize.value = query.optimize;
  form.alternatives.value = query.alternatives;
  form.cargoTonnes.value = query.cargoTonnes;
  form.departAt.value = query.departAt;
  form.arriveBy.value = query.arriveBy;
  for (const m of MODES) {
    const box = $(`#avoid-mode-${m}`);
    if (box) box.checked = query.avoidModes.includes(m);
  }
  for (const s of SEAS) {
    const box = $(`#avoid-sea-${s}`);
    if (box) box.checked = query.avoidSeas.includes(s);
  }
  if (
    query.via.length ||
    query.avoidNodes.length ||
    query.avoidModes.length ||
    query.avoidSeas.length ||
    query.cargoTonnes
  ) {
    $('#more').open = true;
  }
  renderChips();
  syncCountryList();
}

// ---------- static text and language ----------

function applyStaticText() {
  document.documentElement.lang = i().lang === 'zh' ? 'zh-Hans' : i().lang;
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll('[data-i18n-placeholder]')) {
    node.setAttribute('placeholder', t(node.dataset.i18nPlaceholder));
  }
  for (const node of document.querySelectorAll('[data-i18n-aria-label]')) {
    node.setAttribute('aria-label', t(node.dataset.i18nAriaLabel));
  }
  for (const node of document.querySelectorAll('[data-i18n-title]'))
    node.setAttribute('title', t(node.dataset.i18nTitle));
  document.querySelector('meta[name="description"]').setAttribute('content', t('page.description'));
  $('#compare-wrap').setAttribute('aria-label', t('compare.scroll'));
  const select = $('#lang');
  select.replaceChildren(
    ...LANGUAGES.map((l) =>
      el('option', { value: l.code, lang: l.code === 'zh' ? 'zh-Hans' : l.code }, l.label),
    ),
  );
  select.value = i().lang;
  renderModeAndSeaChecks();
  renderLegend();
  updateTitle();
}

function updateTitle() {
  document.title = state.plan
    ? t('page.titlePlan', {
        origin: placeName(state.plan.origin),
        destination: placeName(state.plan.destination),
      })
    : t('page.title');
}

function changeLanguage(lang) {
  const query = { ...readForm(), route: state.selected };
  state.i18n = createI18n(lang);
  const p = new URLSearchParams(location.search);
  p.set('lang', lang);
  history.replaceState(null, '', `/?${p.toString().replaceAll('%2C', ',').replaceAll('%27', "'")}`);
  applyStaticText();
  // Field texts that show a chosen node follow the language.
  for (const input of [form.origin, form.destination]) {
    if (input.dataset.id && input.value === input.dataset.name) setPlace(input, input.dataset.id);
  }
  renderChips();
  renderCountryList();
  state.map?.setI18n(state.i18n);
  if (state.plan) renderPlan({ focus: false });
  else if (state.problem) renderProblem(state.problem, state.query ?? query, { focus: false });
  $('#lang').focus();
}

// ---------- avoid: chips, presets and a filterable list of the network's countries ----------

function countryLabel(code) {
  return i().country(code);
}

function renderChips() {
  const chips = $('#avoid-chips');
  const codes = [...avoid].sort((a, b) => countryLabel(a).localeCompare(countryLabel(b), i().locale));
  chips.replaceChildren(
    ...codes.map((code) =>
      el(
        'button',
        {
          type: 'button',
          class: 'chip',
          'data-code': code,
          onclick: () => removeChip(chips, code, () => avoid.delete(code)),
        },
        actionText('form.stopAvoiding', countryLabel(code), el('span', { class: 'code' }, code)),
        el('span', { class: 'x', 'aria-hidden': 'true' }, '×'),
      ),
    ),
  );
  if (avoid.size === 0) chips.append(el('span', { class: 'muted' }, t('form.noneAvoided')));
  renderListChips('via', $('#via-chips'), 'form.removeVia');
  renderListChips('avoidNodes', $('#avoid-nodes-chips'), 'form.stopAvoiding');
  renderListChips('matrixOrigins', $('#matrix-origins-chips'), 'matrix.remove');
  renderListChips('matrixDestinations', $('#matrix-destinations-chips'), 'matrix.remove');
}

/**
 * A chip's content: the visible name, with the action ("Stop avoiding …") around it for screen readers only,
 * so the accessible name contains the visible text (WCAG 2.5.3) and still says what the button does.
 */
function actionText(key, name, badge) {
  const [before, after = ''] = t(key, { name: '\u0000' }).split('\u0000');
  return [
    before ? el('span', { class: 'visually-hidden' }, before) : null,
    badge ? [badge, ' '] : null,
    name,
    after ? el('span', { class: 'visually-hidden' }, after) : null,
    ' ',
  ];
}

function renderListChips(key, box, labelKey) {
  box.replaceChildren(
    ...lists[key].map((value, index) => {
      const name = labelFor(value);
      return el(
        'button',
        {
          type: 'button',
          class: 'chip neutral',
          'data-code': value,
          onclick: () => removeChip(box, value, () => lists[key].splice(index, 1)),
        },
        actionText(labelKey, name, key === 'via' ? el('span', { class: 'code' }, String(index + 1)) : null),
        el('span', { class: 'x', 'aria-hidden': 'true' }, '×'),
      );
    }),
  );
}

function labelFor(value) {
  const node = state.map?.nodes?.get(value);
  return node ? placeName(node) : (state.labels.get(value) ?? value);
}

/** Removes a chip and keeps focus in the group: on the next chip, else the previous, else the group's input. */
function removeChip(box, value, remove) {
  const buttons = [...box.querySelectorAll('.chip')];
  const at = buttons.findIndex((b) => b.dataset.code === value);
  remove();
  renderChips();
  syncCountryList();
  const after = [...box.querySelectorAll('.chip')];
  const next = after[at] ?? after[at - 1];
  if (next) next.focus();
  else if (box.id === 'avoid-chips') $('.preset').focus();
  else box.parentElement.querySelector('input')?.focus();
}

function renderCountryList() {
  const filter = $('#avoid-filter').value.trim().toLowerCase();
  const list = $('#avoid-list');
  const countries = [...state.countries].sort((a, b) =>
    countryLabel(a.code).localeCompare(countryLabel(b.code), i().locale),
  );
  list.replaceChildren(
    ...countries
      .filter((c) => {
        if (!filter) return true;
        const names = [countryLabel(c.code), c.name].map((n) => n.toLowerCase());
        return (
          names.some((n) => n.includes(filter)) || [c.code, c.alpha3].some((x) => x.toLowerCase() === filter)
        );
      })
      .map((c) =>
        el(
          'label',
          { class: `country${avoid.has(c.code) ? ' checked' : ''}` },
          el('input', {
            type: 'checkbox',
            value: c.code,
            checked: avoid.has(c.code),
            // The list is not rebuilt on a tick, so focus stays on the box that was ticked.
            onchange: (event) => {
              if (event.target.checked) avoid.add(c.code);
              else avoid.delete(c.code);
              event.target.parentElement.classList.toggle('checked', event.target.checked);
              renderChips();
            },
          }),
          el('span', { class: 'code' }, c.code),
          el('span', { class: 'name' }, countryLabel(c.code)),
        ),
      ),
  );
  $('#avoid-summary').textContent = t('form.chooseCountries', { count: state.countries.length });
}

/** Ticks the boxes to match the avoided set without rebuilding the list. */
function syncCountryList() {
  for (const box of document.querySelectorAll('#avoid-list input[type="checkbox"]')) {
    box.checked = avoid.has(box.value);
    box.parentElement.classList.toggle('checked', box.checked);
  }
}

function renderModeAndSeaChecks() {
  const checked = (id) => $(`#${id}`)?.checked ?? false;
  $('#avoid-modes').replaceChildren(
    ...MODES.map((m) =>
      el(
        'label',
        { class: 'check' },
        el('input', {
          type: 'checkbox',
          id: `avoid-mode-${m}`,
          value: m,
          checked: checked(`avoid-mode-${m}`),
        }),
        ` ${i().mode(m)}`,
      ),
    ),
  );
  $('#avoid-seas').replaceChildren(
    ...SEAS.map((s) =>
      el(
        'label',
        { class: 'check' },
        el('input', { type: 'checkbox', id: `avoid-sea-${s}`, value: s, checked: checked(`avoid-sea-${s}`) }),
        ` ${i().sea(s)}`,
      ),
    ),
  );
}

// ---------- place autocomplete (GET /nodes?q=) ----------

/**
 * An ARIA 1.2 combobox over /nodes?q=: arrows move through the options, Enter chooses, Escape, Tab and
 * leaving the field close the list.
 */
function setupCombobox(input, { onChoose }) {
  const list = document.getElementById(input.getAttribute('aria-controls'));
  let options = [];
  let active = -1;
  let timer;
  let asked = 0;

  const close = () => {
    clearTimeout(timer);
    asked++;
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const choose = (node) => {
    close();
    onChoose(node);
  };
  const highlight = (index) => {
    active = index;
    for (const [n, li] of [...list.children].entries()) li.setAttribute('aria-selected', String(n === index));
    if (index >= 0) {
      input.setAttribute('aria-activedescendant', `${list.id}-${index}`);
      list.children[index]?.scrollIntoView({ block: 'nearest' });
    }
  };
  const show = (nodes) => {
    options = nodes;
    list.replaceChildren(
      ...nodes.map((node, n) =>
        el(
          'li',
          {
            id: `${list.id}-${n}`,
            role: 'option',
            'aria-selected': 'false',
            // Chosen on mousedown (before the field loses focus), so a click never races the closing.
            onmousedown: (event) => {
              event.preventDefault();
              choose(node);
            },
          },
          el('span', { class: 'option-name' }, placeName(node)),
          el(
            'span',
            { class: 'option-meta' },
            `${countryLabel(node.country)} · ${node.kinds.map(i().kind).join(t('list.and'))}`,
          ),
        ),
      ),
    );
    list.hidden = nodes.length === 0;
    input.setAttribute('aria-expanded', String(nodes.length > 0));
    active = -1;
  };

  input.addEventListener('input', () => {
    delete input.dataset.id;
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) return close();
    timer = setTimeout(async () => {
      const ticket = ++asked;
      try {
        const res = await fetch(`/nodes?${new URLSearchParams({ q, limit: '8' })}`);
        if (!res.ok || ticket !== asked || document.activeElement !== input) return;
        show((await res.json()).nodes);
      } catch {
        close();
      }
    }, 120);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Tab') return close();
    if (list.hidden) return;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      highlight((active + 1) % options.length);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      highlight((active - 1 + options.length) % options.length);
    } else if (event.key === 'Enter' && active >= 0) {
      event.preventDefault();
      choose(options[active]);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  });
  input.addEventListener('blur', close);
}

function choosePlace(input) {
  return (node) => {
    input.value = placeName(node);
    input.dataset.id = node.id;
    input.dataset.name = input.value;
  };
}

function chooseIntoList(key, input) {
  return (node) => {
    if (!lists[key].includes(node.id)) lists[key].push(node.id);
    input.value = '';
    renderChips();
    input.focus();
  };
}

// ---------- planning ----------

function showStatus(text) {
  $('#status').textContent = text;
}

function setBusy(busy) {
  form.classList.toggle('busy', busy);
  $('#plan').setAttribute('aria-disabled', String(busy));
  $('#plan').textContent = busy ? t('form.planning') : t('form.plan');
}

async function fetchJson(url) {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  const body = await res.json().catch(() => ({}));
  return { ok: res.ok, status: res.status, body };
}

async function plan(query, { focus = true } = {}) {
  const ticket = ++state.request;
  state.query = query;
  setBusy(true);
  showStatus(t('form.planning'));
  try {
    const { ok, body } = await fetchJson(`/routes?${apiSearch(query)}`);
    if (ticket !== state.request) return;
    showStatus('');
    if (!ok) {
      state.plan = null;
      state.problem = body;
      clearAnswer();
      state.map?.show({ plan: null, avoid: query.avoid });
      renderProblem(body, query, { focus });
      return;
    }
    state.problem = null;
    state.plan = body;
    state.selected = Math.min(query.route ?? 0, body.routes.length - 1);
    // A field that showed an id from a shared link now shows the place's name.
    for (const [input, ref] of [
      [form.origin, body.origin],
      [form.destination, body.destination],
    ]) {
      if (input.value.trim() === ref.id || !input.value.trim()) setPlace(input, ref.id);
    }
    renderPlan({ focus });
  } catch {
    if (ticket !== state.request) return;
    showStatus('');
    state.problem = { code: 'NETWORK' };
    renderProblem(state.problem, query, { focus });
  } finally {
    if (ticket === state.request) setBusy(false);
  }
}

function clearAnswer() {
  $('#answer').hidden = true;
  $('#departures').hidden = true;
  $('#route-detail').hidden = true;
  $('#downloads').hidden = true;
  $('#copy-link').hidden = true;
  updateTitle();
}

function submit(query) {
  const search = pageSearch(query);
  if (`?${search}` !== location.search) history.pushState(null, '', `/?${search}`);
  plan(query);
}

// ---------- the answer ----------

/** The route's km by road: the answer's roadKm, summed from the legs for an answer without it. */
const roadKm = (route) =>
  route.roadKm ?? route.legs.filter((l) => l.mode === 'road').reduce((s, l) => s + l.distanceKm, 0);
const countEvents = (route, type) => (route.events ?? []).filter((e) => e.type === type).length;

function routeTitle(index) {
  const criterion = state.plan?.optimize ?? DEFAULT_OPTIMIZE;
  return index === 0
    ? t('route.best', { n: 1, best: t(`best.${criterion}`) })
    : t('route.name', { n: index + 1 });
}

function constraintsLine(plan) {
  const parts = [];
  if (plan.avoid.length)
    parts.push(t('results.constraintsAvoid', { list: i().list(plan.avoid.map(countryLabel)) }));
  if (plan.via.length) parts.push(t('results.constraintsVia', { list: i().list(plan.via.map(placeName)) }));
  if (plan.avoidModes.length)
    parts.push(t('results.constraintsModes', { list: i().list(plan.avoidModes.map(i().mode)) }));
  if (plan.avoidSeas.length)
    parts.push(t('results.constraintsSeas', { list: i().list(plan.avoidSeas.map((s) => i().sea(s))) }));
  if (plan.avoidNodes.length) {
    parts.push(t('results.constraintsNodes', { list: i().list(plan.avoidNodes.map((id) => labelFor(id))) }));
  }
  parts.push(t('results.bestBy', { criterion: t(`criterion.${plan.optimize}`) }));
  return parts.join(' · ');
}

function renderPlan({ focus }) {
  const plan = state.plan;
  $('#problem').hidden = true;
  $('#intro').hidden = true;
  $('#answer').hidden = false;
  $('#answer-heading').textContent = t('results.heading', {
    origin: placeName(plan.origin),
    destination: placeName(plan.destination),
  });
  $('#answer-sub').textContent = constraintsLine(plan);
  const asked = Number(state.query?.alternatives ?? 0);
  const further = plan.routes.length - 1;
  $('#answer-notes').replaceChildren(
    ...(plan.disruptionsAvoided ?? []).map((d) =>
      el(
        'p',
        { class: 'note disruption-avoided' },
        el('span', { class: 'disruption-mark', 'aria-hidden': 'true' }, '✕'),
        ' ',
        t('disruptions.avoided', { target: targetLabel(d.target), what: disruptionText(d) }),
      ),
    ),
    ...(further < asked
      ? [
          el(
            'p',
            { class: 'note' },
            further === 0 ? t('results.noneFurther') : t('results.fewer', { count: further }),
          ),
        ]
      : []),
  );
  renderCompare(plan);
  renderTabs(plan);
  state.map?.show({ plan, selected: state.selected, avoid: plan.avoid });
  selectRoute(state.selected, { focusTab: false });
  $('#downloads').hidden = false;
  $('#copy-link').hidden = false;
  $('#departures').hidden = false;
  $('#departures-out').replaceChildren();
  $('#stamp').textContent = stamp();
  updateTitle();
  if (focus) focusAndReveal($('#answer-heading'));
}

function stamp() {
  return t('download.stamp', { version: shortVersion(state.plan?.dataVersion), date: i().date(new Date()) });
}

const shortVersion = (version) => (version ? version.replace(/^sha256:/, 'sha256:').slice(0, 19) : '');

/**
 * Summaries written as sentences, one after the other: each ends with its own full stop (one is added where a
 * summary has none), so none is followed by a second separator.
 */
function joinSentences(texts) {
  return texts
    .map((text) => text.trim())
    .filter((text) => text.length > 0)
    .map((text) => (/[.!?…]$/.test(text) ? text : `${text}.`))
    .join(' ');
}

function renderCompare(plan) {
  const routes = plan.routes;
  const table = $('#compare');
  const numericRow = (label, values, format) => {
    const least = Math.min(...values);
    return el(
      'tr',
      {},
      el('th', { scope: 'row' }, label),
      values.map((v) =>
        el(
          'td',
          { class: `num${routes.length > 1 && v === least ? ' least' : ''}` },
          format(v),
          routes.length > 1 && v === least
            ? el('span', { class: 'visually-hidden' }, ` ${t('compare.least')}`)
            : null,
        ),
      ),
    );
  };
  const textRow = (label, cells) =>
    el(
      'tr',
      {},
      el('th', { scope: 'row' }, label),
      cells.map((c) => el('td', {}, c)),
    );
  const tonnes = plan.cargoTonnes;
  table.replaceChildren(
    el('caption', { id: 'compare-caption' }, t('compare.caption')),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', { scope: 'col' }, t('compare.measure')),
        routes.map((_, n) =>
          el(
            'th',
            { scope: 'col', class: `route-col route-${n}` },
            el('span', { class: 'swatch', 'aria-hidden': 'true' }),
            routeTitle(n),
          ),
        ),
      ),
    ),
    el(
      'tbody',
      {},
      numericRow(
        t('compare.time'),
        routes.map((r) => r.durationHours),
        i().duration,
      ),
      routes.some((r) => r.arrival)
        ? textRow(
            t('compare.arrival'),
            routes.map((r) => arrivalCell(r, arrivalScale(routes))),
          )
        : null,
      plan.arriveBy
        ? textRow(
            t('compare.onTime', { date: i().date(new Date(plan.arriveBy)) }),
            routes.map((r) => (r.onTimeProbability === undefined ? '—' : i().percent(r.onTimeProbability))),
          )
        : null,
      numericRow(
        t('compare.waiting'),
        routes.map((r) => r.dwellHours),
        i().duration,
      ),
      numericRow(
        t('compare.distance'),
        routes.map((r) => r.distanceKm),
        i().km,
      ),
      numericRow(
        t('compare.co2'),
        routes.map((r) => r.co2eKgPerTonne),
        i().kgPerTonne,
      ),
      tonnes
        ? numericRow(
            t('compare.co2Total', { tonnes: i().decimal(tonnes) }),
            routes.map((r) => r.co2eKg ?? 0),
            i().kg,
          )
        : null,
      textRow(
        t('compare.countries'),
        routes.map((r) => r.countries.map(countryLabel).join(' → ')),
      ),
      textRow(
        t('compare.ferries'),
        routes.map((r) =>
          r.ferries.length ? i().list(r.ferries.map((f) => i().sea(f.seaId, f.sea))) : t('compare.none'),
        ),
      ),
      numericRow(t('compare.road'), routes.map(roadKm), i().km),
      numericRow(
        t('compare.borders'),
        routes.map((r) => countEvents(r, 'border-crossing')),
        i().number,
      ),
      numericRow(
        t('compare.gauges'),
        routes.map((r) => countEvents(r, 'gauge-change')),
        i().number,
      ),
      routes.some((r) => r.disruptions?.length)
        ? textRow(
            t('compare.disruptions'),
            routes.map((r) =>
              r.disruptions?.length
                ? r.disruptions.map((d) => disruptionText(d)).join('; ')
                : t('compare.none'),
            ),
          )
        : null,
      textRow(
        t('compare.advisories'),
        routes.map((r) =>
          r.advisories?.length ? joinSentences(r.advisories.map((a) => a.summary)) : t('compare.none'),
        ),
      ),
    ),
  );
  $('#compare-wrap').setAttribute('aria-labelledby', 'compare-caption');
}

function renderTabs(plan) {
  const tabs = $('#route-tabs');
  tabs.setAttribute('aria-label', t('tabs.label'));
  tabs.replaceChildren(
    ...plan.routes.map((r, n) =>
      el(
        'button',
        {
          type: 'button',
          role: 'tab',
          class: `tab route-${n}`,
          id: `route-tab-${n}`,
          'aria-controls': 'route-panel',
          'aria-selected': 'false',
          tabindex: '-1',
          onclick: () => selectRoute(n, { focusTab: true }),
          onkeydown: (event) => tabKey(event, n),
        },
        el('span', { class: 'swatch', 'aria-hidden': 'true' }),
        el('span', { class: 'tab-title' }, routeTitle(n)),
        el('span', { class: 'tab-figures' }, `${i().duration(r.durationHours)} · ${i().km(r.distanceKm)}`),
      ),
    ),
  );
  $('#route-detail').hidden = false;
}

/** ARIA tabs: arrows move and select (automatic activation), Home and End jump to the ends. */
function tabKey(event, index) {
  const count = state.plan.routes.length;
  const next = {
    ArrowRight: (index + 1) % count,
    ArrowDown: (index + 1) % count,
    ArrowLeft: (index - 1 + count) % count,
    ArrowUp: (index - 1 + count) % count,
    Home: 0,
    End: count - 1,
  }[event.key];
  if (next === undefined) return;
  event.preventDefault();
  selectRoute(next, { focusTab: true });
}

function selectRoute(index, { focusTab }) {
  state.selected = index;
  const route = state.plan.routes[index];
  for (const tab of $('#route-tabs').children) {
    const on = tab.id === `route-tab-${index}`;
    tab.setAttribute('aria-selected', String(on));
    tab.setAttribute('tabindex', on ? '0' : '-1');
  }
  $('#route-panel').setAttribute('aria-labelledby', `route-tab-${index}`);
  if (focusTab) $(`#route-tab-${index}`)?.focus();
  state.map?.select(index);
  if (state.query) {
    state.query.route = index;
    const search = pageSearch(state.query);
    if (`?${search}` !== location.search) history.replaceState(null, '', `/?${search}`);
  }
  renderRoutePanel(route, index);
}

function figure(label, value, note, variant) {
  return el(
    'div',
    { class: variant ? `figure ${variant}` : 'figure' },
    el('div', { class: 'figure-label' }, label),
    el('div', { class: 'figure-value' }, value),
    note ? el('div', { class: 'figure-note' }, note) : null,
  );
}

function renderRoutePanel(route, index) {
  const plan = state.plan;
  const extra = route.comparedToUnconstrained;
  const summary = el(
    'div',
    { class: 'summary' },
    figure(
      t('summary.time'),
      i().duration(route.durationHours),
      t('summary.timeNote', {
        moving: i().duration(route.movingHours),
        waiting: i().duration(route.dwellHours),
      }),
    ),
    route.arrival
      ? figure(
          t('summary.arrival'),
          arrivalCell(route, arrivalScale(plan.routes)),
          t('summary.arrivalNote', {
            p10: i().date(new Date(route.arrival.p10)),
            p50: i().date(new Date(route.arrival.p50)),
            p90: i().date(new Date(route.arrival.p90)),
            days: t('unit.daysRange', {
              p10: i().decimal(route.durationDays.p10),
              p90: i().decimal(route.durationDays.p90),
            }),
          }),
          'wide arrival',
        )
      : null,
    route.onTimeProbability !== undefined && plan.arriveBy
      ? figure(
          t('summary.onTime', { date: i().date(new Date(plan.arriveBy)) }),
          i().percent(route.onTimeProbability),
          t('summary.onTimeNote'),
          'on-time',
        )
      : null,
    figure(t('summary.distance'), i().km(route.distanceKm)),
    figure(
      t('summary.co2'),
      i().kgPerTonne(route.co2eKgPerTonne),
      route.co2eKg !== undefined && plan.cargoTonnes
        ? t('summary.co2Note', { total: i().kg(route.co2eKg), tonnes: i().decimal(plan.cargoTonnes) })
        : null,
    ),
    figure(t('summary.countries'), route.countries.map(countryLabel).join(' → '), null, 'wide'),
    extra
      ? figure(
          t('summary.constraints'),
          extra.extraDistanceKm === 0 && extra.extraDurationHours === 0
            ? t('summary.none')
            : `${sign(extra.extraDurationHours)}${i().duration(Math.abs(extra.extraDurationHours))} · ${sign(extra.extraDistanceKm)}${i().km(Math.abs(extra.extraDistanceKm))}`,
          t('summary.constraintsNote'),
        )
      : null,
  );

  const watch = [];
  const road = roadKm(route);
  if (road > 0) watch.push(t('watch.road', { km: i().km(road) }));
  if (route.ferries.length) watch.push(t('watch.ferries', { count: route.ferries.length }));
  const gauges = countEvents(route, 'gauge-change');
  if (gauges) watch.push(t('watch.gauges', { count: gauges }));
  const watchBox = el(
    'div',
    { class: 'callout watch' },
    el('h3', {}, t('watch.title')),
    watch.length
      ? el(
          'ul',
          {},
          watch.map((w) => el('li', {}, w)),
        )
      : el('p', {}, t('watch.nothing')),
  );

  const advisories = calloutList('advisories', t('advisory.title'), route.advisories, (a) => [
    el('strong', {}, a.country ? `${countryLabel(a.country)}: ` : ''),
    a.summary,
    ' ',
    el(
      'span',
      { class: 'meta' },
      `(${t('advisory.asOf', { date: i().date(a.asOf) })}; ${t('advisory.source')}: ${a.source})`,
    ),
  ]);

  const ferries = el(
    'div',
    { class: 'callout ferries' },
    route.ferries.length
      ? [
          el('h3', {}, t('ferries.title', { count: route.ferries.length })),
          el(
            'ul',
            {},
            route.ferries.map((f) =>
              el(
                'li',
                {},
                el('strong', {}, i().sea(f.seaId, f.sea)),
                ': ',
                t('ferries.line', {
                  from: placeName(f.from),
                  to: placeName(f.to),
                  km: i().km(f.distanceKm),
                  hours: i().duration(f.sailingHours),
                  sailings: i().number(f.sailingsPerWeek),
                }),
                f.operator ? ` (${t('ferries.operator', { operator: f.operator })})` : '',
                sailingOf(route, f)
                  ? el(
                      'span',
                      { class: 'sailing' },
                      ` · ${t('ferries.sailing', { date: i().dateTime(sailingOf(route, f)) })}`,
                    )
                  : null,
              ),
            ),
          ),
        ]
      : el('p', {}, t('ferries.none')),
  );

  const disruptions = calloutList('disruptions', t('disruptions.onRoute'), route.disruptions, (d) => [
    disruptionText(d),
    ' — ',
    t('disruptions.adds', { hours: i().duration(d.addedHours), date: i().dateTime(d.reachedAt) }),
    ' ',
    el('span', { class: 'meta' }, `(${t('disruptions.source', { source: d.source })})`),
  ]);

  $('#route-panel').replaceChildren(
    summary,
    el('div', { class: 'callouts' }, watchBox, disruptions, advisories, ferries),
    legsTable(route, index),
  );
}

const sign = (n) => (n >= 0 ? '+' : '−');

/** A callout with a heading and one list item per entry; nothing when there is no entry. */
function calloutList(kind, title, items, render) {
  if (!items?.length) return null;
  return el(
    'div',
    { class: `callout ${kind}` },
    el('h3', {}, title),
    el(
      'ul',
      {},
      items.map((item) => el('li', {}, render(item))),
    ),
  );
}

/** The departure of the sailing a ferry crossing catches (its leg's `departsAt`, with a departure date). */
const sailingOf = (route, ferry) =>
  route.legs.find((l) => l.mode === 'ferry' && l.from.id === ferry.from.id)?.departsAt;

/** One time axis for the arrival ranges of all routes of a plan (ms since the epoch). */
function arrivalScale(routes) {
  const ranged = routes.filter((r) => r.arrival);
  return {
    min: Math.min(...ranged.map((r) => Date.parse(r.arrival.p10))),
    max: Math.max(...ranged.map((r) => Date.parse(r.arrival.p90))),
  };
}

/**
 * A range bar: p10 to p90 filled, p50 marked, on a shared scale. Drawn for the eye only (aria-hidden); the
 * same figures stand next to it as text.
 */
function rangeBar({ p10, p50, p90 }, { min, max }, width = 140) {
  const span = max - min || 1;
  const x = (v) => Math.max(0, Math.min(width, ((v - min) / span) * width));
  return svg(
    'svg',
    {
      class: 'range-bar',
      width,
      height: 16,
      viewBox: `0 0 ${width} 16`,
      'aria-hidden': 'true',
      focusable: 'false',
    },
    svg('rect', { x: 0, y: 7, width, height: 2, fill: '#aeb7c0' }),
    svg('rect', {
      class: 'range',
      x: x(p10).toFixed(1),
      y: 3,
      width: Math.max(3, x(p90) - x(p10)).toFixed(1),
      height: 10,
      rx: 2,
      fill: '#5b8fd1',
    }),
    svg('rect', {
      class: 'median',
      x: (x(p50) - 1.5).toFixed(1),
      y: 0,
      width: 3,
      height: 16,
      fill: '#0b2e59',
    }),
  );
}

function arrivalCell(route, scale) {
  if (!route.arrival) return '—';
  const a = route.arrival;
  const ms = { p10: Date.parse(a.p10), p50: Date.parse(a.p50), p90: Date.parse(a.p90) };
  return el(
    'span',
    { class: 'arrival' },
    rangeBar(ms, scale),
    el(
      'span',
      { class: 'arrival-range' },
      t('arrival.range', { p10: i().date(new Date(a.p10)), p90: i().date(new Date(a.p90)) }),
    ),
    el('span', { class: 'arrival-likely' }, t('arrival.likely', { p50: i().date(new Date(a.p50)) })),
  );
}

// ---------- disruptions ----------

/** A disruption's target in words: a place, a link "A–B", a sea, or a country. */
function targetLabel(target) {
  if (target.kind === 'node') return labelFor(target.id);
  if (target.kind === 'link') {
    const [from, to] = target.id.split('--');
    return `${labelFor(from)}–${labelFor(to)}`;
  }
  if (target.kind === 'sea') return i().sea(target.id);
  return countryLabel(target.id);
}

/** "Aktau Port closed until 4 Dec 2026 (storm)", "…: 3 d extra waiting until …". */
function disruptionText(d) {
  const target = targetLabel(d.target);
  const end = d.endsAt ? i().date(new Date(d.endsAt)) : null;
  const hours = d.extraHours !== undefined ? i().duration(d.extraHours) : '';
  const key = `disruptions.${d.effect === 'delay' ? 'delay' : 'closed'}${end ? '' : 'Open'}`;
  return t(key, { target, end, hours, reason: d.reason });
}

/** Legs grouped by the country they start in, with border stops, gauge changes and waiting explained. */
function legsTable(route, index) {
  const ferriesByFrom = new Map(route.ferries.map((f) => [f.from.id, f]));
  const eventsAt = new Map();
  for (const e of route.events ?? []) {
    if (!eventsAt.has(e.at.id)) eventsAt.set(e.at.id, []);
    eventsAt.get(e.at.id).push(e);
  }
  const groups = [];
  for (const [n, leg] of route.legs.entries()) {
    const last = groups[groups.length - 1];
    if (last && last.country === leg.from.country) last.legs.push([n, leg]);
    else groups.push({ country: leg.from.country, legs: [[n, leg]] });
  }
  const eventText = (e) => {
    const from =
      e.type === 'mode-change'
        ? i().mode(e.from)
        : e.type === 'border-crossing'
          ? countryLabel(e.from)
          : e.from;
    const to =
      e.type === 'mode-change' ? i().mode(e.to) : e.type === 'border-crossing' ? countryLabel(e.to) : e.to;
    return t(`event.${e.type}`, { from, to, place: placeName(e.at) });
  };
  const waitReason = (leg) => {
    const reasons = [];
    const events = eventsAt.get(leg.from.id) ?? [];
    if (leg.mode === 'ferry') {
      const ferry = ferriesByFrom.get(leg.from.id);
      reasons.push(t('wait.ferry', { sailings: i().number(ferry?.sailingsPerWeek ?? 0) }));
    }
    if (events.some((e) => e.type === 'border-crossing')) reasons.push(t('wait.border'));
    if (events.some((e) => e.type === 'gauge-change')) reasons.push(t('wait.gauge'));
    if (leg.mode !== 'ferry' && events.some((e) => e.type === 'mode-change'))
      reasons.push(t('wait.transfer'));
    if (reasons.length === 0) reasons.push(t('wait.dwell', { place: placeName(leg.from) }));
    return reasons.join(t('list.and'));
  };
  const columns = 6;
  const table = el(
    'table',
    { class: 'legs', id: 'legs' },
    el('caption', { id: 'legs-caption' }, t('legs.caption', { n: index + 1 })),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', { scope: 'col' }, t('legs.leg')),
        el('th', { scope: 'col' }, t('legs.mode')),
        el('th', { scope: 'col', class: 'num' }, t('legs.distance')),
        el('th', { scope: 'col', class: 'num' }, t('legs.moving')),
        el('th', { scope: 'col' }, t('legs.waiting')),
        el('th', { scope: 'col', class: 'num' }, t('legs.co2')),
      ),
    ),
    groups.map((g) => {
      const km = g.legs.reduce((s, [, l]) => s + l.distanceKm, 0);
      const hours = g.legs.reduce((s, [, l]) => s + l.durationHours, 0);
      const rows = [
        el(
          'tr',
          { class: 'group' },
          el(
            'th',
            { scope: 'rowgroup', colspan: columns },
            t('legs.group', { country: countryLabel(g.country), km: i().km(km), time: i().duration(hours) }),
          ),
        ),
      ];
      for (const [, leg] of g.legs) {
        for (const e of eventsAt.get(leg.from.id) ?? []) {
          if (e.type === 'mode-change' && leg.mode === 'ferry') continue;
          rows.push(
            el(
              'tr',
              { class: `event event-${e.type}` },
              el(
                'td',
                { colspan: columns },
                el('span', { class: 'event-mark', 'aria-hidden': 'true' }, '◆'),
                ' ',
                eventText(e),
              ),
            ),
          );
        }
        rows.push(
          el(
            'tr',
            { class: `leg-row${leg.mode === 'ferry' ? ' ferry' : ''}`, 'data-mode': leg.mode },
            el(
              'td',
              {},
              `${placeName(leg.from)} → ${placeName(leg.to)}`,
              leg.seaId ? el('span', { class: 'sea' }, i().sea(leg.seaId, leg.sea)) : null,
              leg.line || leg.operator
                ? el('span', { class: 'meta' }, [leg.line, leg.operator].filter(Boolean).join(' · '))
                : null,
              leg.mode === 'ferry' && leg.departsAt
                ? el(
                    'span',
                    { class: 'meta sailing' },
                    t('legs.sails', { date: i().dateTime(leg.departsAt) }),
                  )
                : null,
            ),
            el('td', {}, el('span', { class: `mode mode-${leg.mode}` }, i().mode(leg.mode))),
            el('td', { class: 'num' }, i().km(leg.distanceKm)),
            el('td', { class: 'num' }, i().duration(leg.movingHours)),
            el(
              'td',
              { class: 'wait' },
              leg.dwellHours > 0
                ? [
                    el('span', { class: 'wait-time' }, i().duration(leg.dwellHours)),
                    el('span', { class: 'meta' }, waitReason(leg)),
                  ]
                : '—',
            ),
            el('td', { class: 'num' }, i().decimal(leg.co2eKgPerTonne)),
          ),
        );
      }
      return el('tbody', {}, rows);
    }),
    el(
      'tfoot',
      {},
      el(
        'tr',
        {},
        el('th', { scope: 'row', colspan: 2 }, t('legs.total', { count: route.legs.length })),
        el('td', { class: 'num total-distance' }, i().km(route.distanceKm)),
        el(
          'td',
          { class: 'num total-time', colspan: 2 },
          `${i().duration(route.durationHours)} (${t('summary.timeNote', { moving: i().duration(route.movingHours), waiting: i().duration(route.dwellHours) })})`,
        ),
        el('td', { class: 'num total-co2' }, i().kgPerTonne(route.co2eKgPerTonne)),
      ),
    ),
  );
  return el(
    'div',
    { class: 'table-wrap', role: 'region', tabindex: '0', 'aria-labelledby': 'legs-caption' },
    table,
  );
}

// ---------- problems: plain words, and buttons that say what they do ----------

function fieldName(parameter) {
  const key = `error.field.${parameter}`;
  const text = t(key);
  return text === key ? parameter : text;
}

function renderProblem(problem, query, { focus }) {
  const box = $('#problem');
  const heading = el('h2', { id: 'problem-heading', tabindex: '-1' }, t('error.title'));
  const parts = [heading];
  const actions = el('div', { class: 'actions' });
  const value =
    typeof problem.value === 'string'
      ? problem.value
      : problem.value === undefined
        ? ''
        : JSON.stringify(problem.value);
  const field = fieldName(problem.parameter ?? '');
  const action = (label, next, extraClass) =>
    el(
      'button',
      {
        type: 'button',
        class: `suggestion${extraClass ? ` ${extraClass}` : ''}`,
        onclick: () => {
          fillForm(next);
          submit(next);
        },
      },
      label,
    );
  /** The query with one place replaced: a field, or one item of a list (via, avoidNodes). */
  const replacePlace = (id) => {
    const key = problem.parameter;
    if (key === 'origin' || key === 'destination') return { ...query, [key]: id, route: 0 };
    if (key === 'via' || key === 'avoidNodes') {
      return { ...query, [key]: query[key].map((v) => (v === problem.value ? id : v)), route: 0 };
    }
    return null;
  };

  switch (problem.code) {
    case 'UNKNOWN_PLACE':
    case 'AMBIGUOUS_PLACE': {
      parts.push(el('p', {}, t(`error.${problem.code}`, { value, field })));
      const suggestions = problem.suggestions ?? [];
      if (suggestions.length) {
        if (problem.code === 'UNKNOWN_PLACE') parts.push(el('p', {}, t('error.didYouMean')));
        for (const s of suggestions) {
          const next = replacePlace(s.id);
          if (next)
            actions.append(
              action(t('error.use', { name: placeName(s), country: countryLabel(s.country) }), next),
            );
        }
      }
      const city = problem.code === 'UNKNOWN_PLACE' ? findCity(value) : undefined;
      if (city && state.map?.nodes) {
        parts.push(el('p', {}, t('error.nearest', { value: city.name })));
        for (const { node, km } of nearestTerminals(city, [...state.map.nodes.values()])) {
          const next = replacePlace(node.id);
          if (next) {
            actions.append(
              action(
                t('error.useNear', {
                  name: placeName(node),
                  country: countryLabel(node.country),
                  km: i().km(Math.round(km / 10) * 10),
                }),
                next,
              ),
            );
          }
        }
        parts.push(el('p', { class: 'meta source' }, GAZETTEER_SOURCE));
      }
      if (!suggestions.length && !city) parts.push(el('p', {}, t('error.tryName')));
      break;
    }
    case 'ENDPOINT_IN_AVOIDED_COUNTRY': {
      const node = state.map?.nodes?.get(problem.value);
      const country = node?.country ?? String(problem.value ?? '').slice(0, 2);
      parts.push(
        el(
          'p',
          {},
          t('error.ENDPOINT_IN_AVOIDED_COUNTRY', {
            place: node ? placeName(node) : value,
            country: countryLabel(country),
          }),
        ),
      );
      if (query.avoid.includes(country)) {
        actions.append(
          action(t('error.stopAvoidingAndPlan', { name: countryLabel(country) }), {
            ...query,
            avoid: query.avoid.filter((c) => c !== country),
          }),
        );
      }
      break;
    }
    case 'ENDPOINT_AVOIDED': {
      const node = state.map?.nodes?.get(problem.value);
      parts.push(el('p', {}, t('error.ENDPOINT_AVOIDED', { place: node ? placeName(node) : value })));
      if (node && query.avoidNodes.some((v) => v === node.id)) {
        actions.append(
          action(t('error.stopAvoidingAndPlan', { name: placeName(node) }), {
            ...query,
            avoidNodes: query.avoidNodes.filter((v) => v !== node.id),
          }),
        );
      }
      break;
    }
    case 'NO_ROUTE':
      renderNoRoute(problem, query, parts, actions);
      break;
    case 'UNKNOWN_COUNTRY':
    case 'INVALID_PARAMETER':
      parts.push(el('p', {}, t(`error.${problem.code}`, { value, field })));
      break;
    case 'RATE_LIMITED':
    case 'OVERLOADED':
      parts.push(el('p', {}, t(`error.${problem.code}`)));
      break;
    case 'NETWORK':
      parts.push(el('p', {}, t('error.network')));
      break;
    default:
      parts.push(el('p', {}, t('error.other', { code: problem.code ?? problem.status ?? '?' })));
  }
  if (actions.children.length) parts.push(actions);
  box.replaceChildren(...parts);
  box.hidden = false;
  $('#intro').hidden = true;
  if (focus) focusAndReveal(heading);
}

/** What lifting one relaxation means, in the user's terms: their own exclusions, named. */
function relaxationLabel(allow) {
  const of = (kind) => allow.filter((c) => c.kind === kind).map((c) => c.value);
  const parts = [];
  if (of('country').length)
    parts.push(t('error.relaxCountry', { list: i().list(of('country').map(countryLabel)) }));
  if (of('mode').length) parts.push(t('error.relaxMode', { list: i().list(of('mode').map(i().mode)) }));
  if (of('sea').length) parts.push(t('error.relaxSea', { list: i().list(of('sea').map((s) => i().sea(s))) }));
  if (of('node').length) parts.push(t('error.relaxNode', { list: i().list(of('node').map(labelFor)) }));
  return parts.join(t('list.and'));
}

function relaxedQuery(query, allow) {
  const lifted = (kind) => new Set(allow.filter((c) => c.kind === kind).map((c) => c.value));
  const countries = lifted('country');
  const modes = lifted('mode');
  const seas = lifted('sea');
  const nodes = lifted('node');
  return {
    ...query,
    avoid: query.avoid.filter((c) => !countries.has(c)),
    avoidModes: query.avoidModes.filter((m) => !modes.has(m)),
    avoidSeas: query.avoidSeas.filter((s) => !seas.has(s)),
    avoidNodes: query.avoidNodes.filter((n) => !nodes.has(n) && !nodes.has(state.map?.nodes?.get(n)?.id)),
    route: 0,
  };
}

const METRIC = { time: 'durationHours', distance: 'distanceKm', co2: 'co2eKgPerTonne' };

/** NO_ROUTE: what cuts the places apart, and each relaxation with the cost of the route it gives, cheapest first. */
function renderNoRoute(problem, query, parts, actions) {
  const origin = state.map?.nodes?.get(query.origin);
  const destination = state.map?.nodes?.get(query.destination);
  parts.push(
    el(
      'p',
      {},
      t('error.NO_ROUTE', {
        origin: origin ? placeName(origin) : form.origin.value || query.origin,
        destination: destination ? placeName(destination) : form.destination.value || query.destination,
      }),
    ),
  );
  const blocked = (problem.blockedBy ?? []).map((c) =>
    c.kind === 'country'
      ? countryLabel(c.value)
      : c.kind === 'mode'
        ? i().mode(c.value)
        : c.kind === 'sea'
          ? i().sea(c.value)
          : labelFor(c.value),
  );
  if (blocked.length) parts.push(el('p', {}, t('error.blockedBy', { list: i().list(blocked) })));
  const relaxations = (problem.relaxations ?? []).slice(0, 6);
  if (!relaxations.length) return;
  const criterion = query.optimize;
  parts.push(el('p', {}, t('error.relaxIntro', { criterion: t(`criterion.${criterion}`) })));
  const status = el('p', { class: 'meta', role: 'status' }, t('error.relaxChecking'));
  parts.push(status);
  const list = el('ul', { class: 'relaxations' });
  actions.append(list);
  const ticket = state.request;
  const costs = state.relaxCosts?.key === apiSearch(query).toString() ? state.relaxCosts.values : null;
  const draw = (values) => {
    const items = relaxations.map((r, n) => ({ r, cost: values?.[n] ?? null }));
    items.sort(
      (a, b) => (a.cost?.[METRIC[criterion]] ?? Infinity) - (b.cost?.[METRIC[criterion]] ?? Infinity),
    );
    list.replaceChildren(
      ...items.map(({ r, cost }) => {
        const next = relaxedQuery(query, r.allow);
        const figures = cost
          ? t('error.relaxFigures', { km: i().km(cost.distanceKm), time: i().duration(cost.durationHours) })
          : values
            ? t('error.relaxNoFigures')
            : '';
        const countries = r.allow.filter((c) => c.kind === 'country').map((c) => countryLabel(c.value));
        return el(
          'li',
          {},
          el(
            'button',
            {
              type: 'button',
              class: 'suggestion relax',
              onclick: () => {
                fillForm(next);
                submit(next);
              },
            },
            figures ? `${relaxationLabel(r.allow)}: ${figures}` : relaxationLabel(r.allow),
          ),
          countries.length
            ? el('span', { class: 'meta' }, t('error.relaxWarning', { list: i().list(countries) }))
            : null,
        );
      }),
    );
  };
  draw(costs);
  if (costs) {
    status.remove();
    return;
  }
  Promise.all(
    relaxations.map(async (r) => {
      try {
        const { ok, body } = await fetchJson(
          `/routes?${apiSearch({ ...relaxedQuery(query, r.allow), alternatives: '0' })}`,
        );
        return ok ? body.routes[0] : null;
      } catch {
        return null;
      }
    }),
  ).then((values) => {
    if (ticket !== state.request) return;
    state.relaxCosts = { key: apiSearch(query).toString(), values };
    status.textContent = '';
    draw(values);
  });
}

// ---------- legend ----------

function renderLegend() {
  const items = [
    ['selected', t('legend.selected')],
    ['other', t('legend.other')],
    ['rail', t('legend.rail')],
    ['road', t('legend.road')],
    ['ferry', t('legend.ferry')],
    ['network', t('legend.network')],
    ['avoided', t('legend.avoided')],
    ['stop', t('legend.stop')],
    ['advisory', t('legend.advisory')],
    ...(state.disruptions.length ? [['disruption', t('legend.disruption')]] : []),
    ...(state.reach ? [['reach', t('legend.reach')]] : []),
  ];
  $('#legend').setAttribute('aria-label', t('legend.label'));
  $('#legend').replaceChildren(
    ...items.map(([kind, text]) =>
      el(
        'li',
        { class: `legend-item legend-${kind}` },
        el('span', { class: 'key', 'aria-hidden': 'true' }),
        text,
      ),
    ),
  );
}

/** The legend rows of an exported SVG (drawn in SVG, so the file stands alone). */
function svgLegend() {
  const rows = [];
  state.plan?.routes.forEach((r, n) => {
    rows.push({
      text: `${routeTitle(n)}: ${i().duration(r.durationHours)} · ${i().km(r.distanceKm)}`,
      stroke: ROUTE_COLOURS[n % ROUTE_COLOURS.length],
      width: n === state.selected ? 5 : 3,
    });
  });
  for (const mode of MODES)
    rows.push({ text: i().mode(mode), stroke: '#1f2933', dash: MODE_DASH[mode] ?? undefined });
  return rows;
}

// ---------- downloads and print ----------

function fileBase() {
  const plan = state.plan;
  const slug = (s) =>
    s
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase();
  const day = new Date().toISOString().slice(0, 10);
  const version = (plan.dataVersion ?? '').replace(/^sha256:/, '').slice(0, 8);
  return `route-${slug(plan.origin.id)}-${slug(plan.destination.id)}-${day}-${version}`;
}

const today = () => new Date().toISOString().slice(0, 10);

async function downloadGeoJson() {
  const res = await fetch(`/routes?${apiSearch(state.query)}&format=geojson`);
  if (!res.ok) return;
  const geojson = await res.json();
  // Stamped with the network's version (already in the answer) and the day it was taken.
  download(
    `${fileBase()}.geojson`,
    'application/geo+json',
    `${JSON.stringify({ ...geojson, dataVersion: geojson.dataVersion ?? state.plan.dataVersion, exportedOn: today() }, null, 2)}\n`,
  );
}

const csvCell = (value) => {
  const text = value === undefined || value === null ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

function downloadCsv() {
  const plan = state.plan;
  const header = [
    'route',
    'leg',
    'from_id',
    'from_name',
    'from_country',
    'to_id',
    'to_name',
    'to_country',
    'mode',
    'sea',
    'distance_km',
    'moving_hours',
    'waiting_hours',
    'duration_hours',
    'co2e_kg_per_tonne',
    'co2e_kg',
    'link_id',
    'data_version',
    'exported_on',
  ];
  const rows = [header];
  const route = plan.routes[state.selected];
  for (const [n, leg] of route.legs.entries()) {
    rows.push([
      state.selected + 1,
      n + 1,
      leg.from.id,
      leg.from.name,
      leg.from.country,
      leg.to.id,
      leg.to.name,
      leg.to.country,
      leg.mode,
      leg.sea,
      leg.distanceKm,
      leg.movingHours,
      leg.dwellHours,
      leg.durationHours,
      leg.co2eKgPerTonne,
      leg.co2eKg,
      leg.linkId,
      plan.dataVersion,
      today(),
    ]);
  }
  download(
    `${fileBase()}-route-${state.selected + 1}.csv`,
    'text/csv',
    `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`,
  );
}

function downloadSvg() {
  if (!state.map) return;
  download(
    `${fileBase()}.svg`,
    'image/svg+xml',
    state.map.exportSvg({ stamp: `${stamp()} · ${state.plan.dataVersion}`, legend: svgLegend() }),
  );
}

// ---------- disruptions in force ----------

async function loadDisruptions() {
  try {
    const res = await fetch('/disruptions?status=active&limit=100', {
      headers: { accept: 'application/json' },
    });
    // An instance without a state store answers 503: there is then nothing to show.
    state.disruptions = res.ok ? (await res.json()).disruptions : [];
  } catch {
    state.disruptions = [];
  }
}

function renderDisruptions() {
  const list = state.disruptions;
  $('#disruptions').hidden = list.length === 0;
  $('#disruptions-list').replaceChildren(
    ...list.map((d) =>
      el(
        'li',
        { class: 'disruption-item', 'data-disruption': d.id },
        el('span', { class: 'disruption-mark', 'aria-hidden': 'true' }, '✕'),
        ' ',
        disruptionText(d),
        ' ',
        el('span', { class: 'meta' }, `(${t('disruptions.source', { source: d.source })})`),
      ),
    ),
  );
  state.map?.setDisruptions(list.map((d) => ({ ...d, text: disruptionText(d) })));
  renderLegend();
}

// ---------- the best departure day ----------

async function runDepartures() {
  const query = state.query;
  if (!query || !state.plan) return;
  const out = $('#departures-out');
  out.replaceChildren(el('p', { class: 'hint' }, t('departures.working')));
  const p = apiSearch(query);
  for (const key of ['alternatives', 'cargoTonnes', 'departAt']) p.delete(key);
  p.set('from', query.departAt || today());
  p.set('days', $('#departures-days').value);
  const { ok, body } = await fetchJson(`/departures?${p}`);
  if (!ok) {
    out.replaceChildren(el('p', { class: 'note' }, t('tool.failed', { code: body.code ?? body.status })));
    return;
  }
  const days = body.departures;
  if (!days.length) {
    out.replaceChildren(el('p', { class: 'note' }, t('departures.none')));
    return;
  }
  const best = (key) =>
    days.reduce((a, b) => (Date.parse(b.arrival[key]) < Date.parse(a.arrival[key]) ? b : a), days[0]);
  const bestP50 = best('p50');
  const bestP90 = best('p90');
  // Transit days on one axis for all days, a day of margin either side.
  const scale = {
    min: Math.max(0, Math.min(...days.map((d) => d.durationDays.p10)) - 1),
    max: Math.max(...days.map((d) => d.durationDays.p90)) + 1,
  };
  const when = (iso) => i().date(new Date(iso));
  out.replaceChildren(
    el(
      'ul',
      { class: 'best-days' },
      el(
        'li',
        { class: 'best-p50' },
        t('departures.bestP50', { date: i().date(bestP50.date), arrival: when(bestP50.arrival.p50) }),
      ),
      el(
        'li',
        { class: 'best-p90' },
        t('departures.bestP90', { date: i().date(bestP90.date), arrival: when(bestP90.arrival.p90) }),
      ),
    ),
    el(
      'div',
      {
        class: 'table-wrap',
        role: 'region',
        tabindex: '0',
        'aria-labelledby': 'departures-caption',
      },
      el(
        'table',
        { class: 'departures', id: 'departures-table' },
        el(
          'caption',
          { id: 'departures-caption' },
          t('departures.caption', {
            origin: placeName(body.origin),
            destination: placeName(body.destination),
          }),
        ),
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            el('th', { scope: 'col' }, t('departures.date')),
            el('th', { scope: 'col' }, t('departures.p50')),
            el('th', { scope: 'col' }, t('departures.p90')),
            el('th', { scope: 'col' }, t('departures.chart')),
          ),
        ),
        el(
          'tbody',
          {},
          days.map((d) => {
            const marks = [d === bestP50 ? 'best-p50' : '', d === bestP90 ? 'best-p90' : '']
              .filter(Boolean)
              .join(' ');
            return el(
              'tr',
              { class: `departure-row ${marks}`.trim(), 'data-date': d.date },
              el(
                'th',
                { scope: 'row' },
                i().date(d.date),
                marks ? el('span', { class: 'badge' }, ` ${t('departures.best')}`) : null,
              ),
              el('td', { class: d === bestP50 ? 'least' : '' }, when(d.arrival.p50)),
              el('td', { class: d === bestP90 ? 'least' : '' }, when(d.arrival.p90)),
              el(
                'td',
                { class: 'chart' },
                el(
                  'span',
                  { class: 'chart-cell' },
                  rangeBar(d.durationDays, scale, 160),
                  el(
                    'span',
                    { class: 'meta' },
                    t('unit.daysRange', {
                      p10: i().decimal(d.durationDays.p10),
                      p90: i().decimal(d.durationDays.p90),
                    }),
                  ),
                ),
              ),
            );
          }),
        ),
      ),
    ),
  );
}

// ---------- the matrix between hubs ----------

/** The constraints of the form (countries, modes, seas, stations) as query parameters. */
function constraintParams() {
  const q = readForm();
  const p = new URLSearchParams();
  for (const key of ['avoid', 'avoidModes', 'avoidSeas', 'avoidNodes'])
    if (q[key].length) p.set(key, q[key].join(','));
  p.set('optimize', q.optimize);
  return p;
}

function matrixParams() {
  const p = constraintParams();
  p.set('origins', lists.matrixOrigins.join(','));
  p.set('destinations', lists.matrixDestinations.join(','));
  return p;
}

async function runMatrix() {
  const out = $('#matrix-out');
  if (!lists.matrixOrigins.length || !lists.matrixDestinations.length) {
    out.replaceChildren(el('p', { class: 'note' }, t('matrix.needPlaces')));
    $('#matrix-csv').hidden = true;
    return;
  }
  out.replaceChildren(el('p', { class: 'hint' }, t('matrix.working')));
  const { ok, body } = await fetchJson(`/matrix?${matrixParams()}`);
  if (!ok) {
    state.matrix = null;
    $('#matrix-csv').hidden = true;
    out.replaceChildren(el('p', { class: 'note' }, t('tool.failed', { code: body.code ?? body.status })));
    return;
  }
  state.matrix = body;
  renderMatrix();
  $('#matrix-csv').hidden = false;
}

function renderMatrix() {
  const m = state.matrix;
  if (!m) return;
  const cell = (r, c) => {
    const why = m.unreachable[r][c];
    if (why) return el('td', { class: 'unreachable', 'data-reason': why }, t(`matrix.${why}`));
    if (m.origins[r].id === m.destinations[c].id) return el('td', { class: 'same' }, t('matrix.same'));
    return el(
      'td',
      { class: 'cell' },
      el('span', { class: 'cell-time' }, i().duration(m.durationHours[r][c])),
      el('span', { class: 'cell-km' }, i().km(m.distanceKm[r][c])),
      el('span', { class: 'cell-co2' }, i().kgPerTonne(m.co2eKgPerTonne[r][c])),
    );
  };
  $('#matrix-out').replaceChildren(
    el(
      'div',
      { class: 'table-wrap', role: 'region', tabindex: '0', 'aria-labelledby': 'matrix-caption' },
      el(
        'table',
        { class: 'matrix', id: 'matrix-table' },
        el(
          'caption',
          { id: 'matrix-caption' },
          t('matrix.caption', { criterion: t(`criterion.${m.optimize}`) }),
        ),
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            el('td', { class: 'corner' }, t('matrix.corner')),
            m.destinations.map((d) => el('th', { scope: 'col' }, placeName(d))),
          ),
        ),
        el(
          'tbody',
          {},
          m.origins.map((o, r) =>
            el(
              'tr',
              {},
              el('th', { scope: 'row' }, placeName(o)),
              m.destinations.map((_, c) => cell(r, c)),
            ),
          ),
        ),
      ),
    ),
  );
}

async function downloadMatrixCsv() {
  const p = matrixParams();
  p.set('format', 'csv');
  const res = await fetch(`/matrix?${p}`);
  if (!res.ok) return;
  const version = (state.matrix?.dataVersion ?? '').replace(/^sha256:/, '').slice(0, 8);
  download(`matrix-${today()}-${version}.csv`, 'text/csv', await res.text());
}

// ---------- reachability ----------

async function runReach() {
  const out = $('#reach-out');
  const input = $('#reach-origin');
  const origin = placeValue(input);
  if (!origin) {
    out.replaceChildren(el('p', { class: 'note' }, t('reach.needOrigin')));
    input.focus();
    return;
  }
  const days = Math.max(1, Math.min(120, Number($('#reach-days').value) || 18));
  out.replaceChildren(el('p', { class: 'hint' }, t('reach.working')));
  const p = constraintParams();
  p.delete('optimize');
  p.set('origin', origin);
  p.set('maxHours', String(days * 24));
  p.set('format', 'geojson');
  const { ok, body } = await fetchJson(`/reachability?${p}`);
  if (!ok) {
    out.replaceChildren(el('p', { class: 'note' }, t('tool.failed', { code: body.code ?? body.status })));
    return;
  }
  const start = body.features.find((f) => f.properties.origin)?.properties;
  state.reach = { origin: start?.id ?? origin, maxHours: days * 24, features: body.features };
  state.map?.setReach(state.reach);
  renderLegend();
  $('#reach-clear').hidden = false;
  const third = (n) => i().duration((days * 24 * n) / 3);
  out.replaceChildren(
    el(
      'p',
      { class: 'reach-summary' },
      t('reach.summary', {
        count: body.features.length,
        days: i().duration(days * 24),
        origin: start ? placeName(start) : origin,
      }),
    ),
    el(
      'ul',
      { class: 'reach-legend' },
      REACH_SHADES.map((_, n) =>
        el(
          'li',
          { class: `reach-band band-${n}` },
          el('span', { class: 'key', 'aria-hidden': 'true' }),
          `≤ ${third(n + 1)}`,
        ),
      ),
    ),
  );
}

function clearReach() {
  state.reach = null;
  state.map?.setReach(null);
  renderLegend();
  $('#reach-out').replaceChildren();
  $('#reach-clear').hidden = true;
  $('#reach-run').focus();
}

// ---------- start ----------

form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (form.classList.contains('busy')) return;
  const query = readForm();
  if (!query.origin || !query.destination) {
    state.problem = null;
    const field = query.origin ? form.destination : form.origin;
    field.setAttribute('aria-invalid', 'true');
    field.setAttribute('aria-describedby', 'status');
    showStatus(t('error.missing'));
    field.focus();
    return;
  }
  for (const input of [form.origin, form.destination]) input.removeAttribute('aria-invalid');
  submit(query);
});

$('#swap').addEventListener('click', () => {
  const a = { value: form.origin.value, id: form.origin.dataset.id, name: form.origin.dataset.name };
  const b = {
    value: form.destination.value,
    id: form.destination.dataset.id,
    name: form.destination.dataset.name,
  };
  for (const [input, from] of [
    [form.origin, b],
    [form.destination, a],
  ]) {
    input.value = from.value;
    if (from.id) {
      input.dataset.id = from.id;
      input.dataset.name = from.name;
    } else delete input.dataset.id;
  }
});

for (const button of document.querySelectorAll('.preset')) {
  button.addEventListener('click', () => {
    avoid = new Set(button.dataset.avoid.split(',').filter(Boolean));
    renderChips();
    syncCountryList();
  });
}
$('#avoid-filter').addEventListener('input', renderCountryList);
$('#lang').addEventListener('change', (event) => changeLanguage(event.target.value));

$('#copy-link').addEventListener('click', async () => {
  const button = $('#copy-link');
  try {
    await navigator.clipboard.writeText(location.href);
    button.textContent = t('form.linkCopied');
  } catch {
    button.textContent = location.href;
  }
  setTimeout(() => {
    button.textContent = t('form.copyLink');
  }, 2000);
});

$('#download-geojson').addEventListener('click', downloadGeoJson);
$('#departures-run').addEventListener('click', runDepartures);
$('#matrix-run').addEventListener('click', runMatrix);
$('#matrix-csv').addEventListener('click', downloadMatrixCsv);
$('#reach-run').addEventListener('click', runReach);
$('#reach-clear').addEventListener('click', clearReach);
$('#download-csv').addEventListener('click', downloadCsv);
$('#download-svg').addEventListener('click', downloadSvg);
$('#print').addEventListener('click', () => window.print());

$('#zoom-in').addEventListener('click', () => state.map?.zoomBy(1.5));
$('#zoom-out').addEventListener('click', () => state.map?.zoomBy(1 / 1.5));
$('#zoom-reset').addEventListener('click', () => state.map?.reset());
$('#map').addEventListener('keydown', (event) => state.map?.handleKey(event));

window.addEventListener('popstate', () => {
  const query = readAddress();
  const lang = chooseLanguage();
  if (lang !== i().lang) {
    state.i18n = createI18n(lang);
    applyStaticText();
    renderCountryList();
    state.map?.setI18n(state.i18n);
  }
  fillForm(query);
  if (query.origin && query.destination) plan(query, { focus: false });
  else {
    state.plan = null;
    state.problem = null;
    clearAnswer();
    $('#problem').hidden = true;
    $('#intro').hidden = false;
    state.map?.show({ plan: null, avoid: query.avoid });
  }
});

setupCombobox(form.origin, { onChoose: choosePlace(form.origin) });
setupCombobox(form.destination, { onChoose: choosePlace(form.destination) });
setupCombobox($('#via-input'), { onChoose: chooseIntoList('via', $('#via-input')) });
setupCombobox($('#avoid-nodes-input'), { onChoose: chooseIntoList('avoidNodes', $('#avoid-nodes-input')) });
for (const [key, id] of [
  ['matrixOrigins', '#matrix-origins-input'],
  ['matrixDestinations', '#matrix-destinations-input'],
]) {
  setupCombobox($(id), { onChoose: chooseIntoList(key, $(id)) });
}
setupCombobox($('#reach-origin'), { onChoose: choosePlace($('#reach-origin')) });

async function start() {
  applyStaticText();
  const query = readAddress();
  const map = new MapView($('#map'), { i18n: state.i18n, placeName });
  const [countries] = await Promise.all([
    fetch('/countries')
      .then((res) => (res.ok ? res.json() : { countries: [] }))
      .then((body) => body.countries)
      .catch(() => []),
    map
      .load()
      .then(() => {
        state.map = map;
      })
      .catch(() => {
        $('#map').replaceChildren(el('p', { class: 'map-placeholder' }, t('map.unavailable')));
      }),
  ]);
  state.countries = countries;
  renderCountryList();
  fillForm(query);
  await loadDisruptions();
  renderDisruptions();
  if (query.origin && query.destination) {
    // A shared link: the answer is what was shared, so focus and scroll go to it (on a phone it is below the
    // form).
    await plan(query, { focus: true });
  } else {
    state.map?.show({ plan: null, avoid: query.avoid });
  }
  document.body.dataset.ready = 'true';
}

start();
