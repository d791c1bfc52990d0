// The route planner page: reads its state from the address (origin, destination, avoid, optimize,
// alternatives), plans through the API, draws the server-rendered SVG map and builds the legs table.
// Same-origin module, no inline code, so a strict Content-Security-Policy applies.

const $ = (selector) => document.querySelector(selector);
const form = $('#plan-form');
const statusBox = $('#status');
const mapBox = $('#map');
const tabs = $('#route-tabs');
const summary = $('#summary');
const ferriesBox = $('#ferries');
const table = $('#legs');
const copyLink = $('#copy-link');

const state = { countries: [], avoid: new Set(), plan: null, selected: 0, request: 0 };

const fmt = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const fmt1 = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const days = (hours) => `${fmt1.format(hours / 24)} days`;

/** Creates an element with attributes and children (strings become text, never HTML). */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === false || value === undefined || value === null) continue;
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function countryName(code) {
  return state.countries.find((c) => c.code === code)?.name ?? code;
}

// ---------- address state ----------

function readAddress() {
  const p = new URLSearchParams(location.search);
  return {
    origin: p.get('origin') ?? '',
    destination: p.get('destination') ?? '',
    avoid: (p.get('avoid') ?? '')
      .split(',')
      .map((c) => c.trim().toUpperCase())
      .filter(Boolean),
    optimize: ['distance', 'time', 'co2'].includes(p.get('optimize')) ? p.get('optimize') : 'distance',
    alternatives: /^[0-5]$/.test(p.get('alternatives') ?? '') ? p.get('alternatives') : '2',
  };
}

function readForm() {
  return {
    origin: form.origin.value.trim(),
    destination: form.destination.value.trim(),
    avoid: [...state.avoid].sort(),
    optimize: form.optimize.value,
    alternatives: form.alternatives.value,
  };
}

function fillForm(query) {
  form.origin.value = query.origin;
  form.destination.value = query.destination;
  state.avoid = new Set(query.avoid);
  form.optimize.value = query.optimize;
  form.alternatives.value = query.alternatives;
  renderAvoid();
}

function toSearch(query) {
  const p = new URLSearchParams();
  p.set('origin', query.origin);
  p.set('destination', query.destination);
  if (query.avoid.length) p.set('avoid', query.avoid.join(','));
  if (query.optimize !== 'distance') p.set('optimize', query.optimize);
  p.set('alternatives', query.alternatives);
  // Keep commas and apostrophes readable in shared links.
  return p.toString().replaceAll('%2C', ',').replaceAll('%27', "'");
}

// ---------- avoid: a filterable multi-select of the network's countries ----------

function renderAvoid() {
  const chips = $('#avoid-chips');
  chips.replaceChildren(
    ...[...state.avoid].sort().map((code) =>
      el(
        'button',
        {
          type: 'button',
          class: 'chip',
          title: `Stop avoiding ${countryName(code)}`,
          'aria-label': `Stop avoiding ${countryName(code)}`,
          onclick: () => {
            state.avoid.delete(code);
            renderAvoid();
          },
        },
        el('span', { class: 'code' }, code),
        ` ${countryName(code)} `,
        el('span', { class: 'x', 'aria-hidden': 'true' }, '×'),
      ),
    ),
  );
  if (state.avoid.size === 0) chips.append(el('span', { class: 'muted' }, 'No country avoided'));
  const filter = $('#avoid-filter').value.trim().toLowerCase();
  const list = $('#avoid-list');
  list.replaceChildren(
    ...state.countries
      .filter(
        (c) =>
          !filter ||
          c.name.toLowerCase().includes(filter) ||
          c.code.toLowerCase() === filter ||
          c.alpha3.toLowerCase() === filter,
      )
      .map((c) =>
        el(
          'label',
          { class: `country${state.avoid.has(c.code) ? ' checked' : ''}` },
          el('input', {
            type: 'checkbox',
            value: c.code,
            checked: state.avoid.has(c.code),
            onchange: (event) => {
              if (event.target.checked) state.avoid.add(c.code);
              else state.avoid.delete(c.code);
              renderAvoid();
            },
          }),
          el('span', { class: 'code' }, c.code),
          el('span', { class: 'name' }, c.name),
        ),
      ),
  );
}

// ---------- place autocomplete (GET /nodes?q=) ----------

function setupCombobox(input) {
  const list = document.getElementById(input.getAttribute('aria-controls'));
  let options = [];
  let active = -1;
  let timer;
  let asked = 0;

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const choose = (node) => {
    input.value = node.name;
    input.dataset.id = node.id;
    input.dataset.name = node.name;
    close();
  };
  const highlight = (index) => {
    active = index;
    [...list.children].forEach((li, i) => li.setAttribute('aria-selected', String(i === index)));
    if (index >= 0) input.setAttribute('aria-activedescendant', `${list.id}-${index}`);
  };
  const show = (nodes) => {
    options = nodes;
    list.replaceChildren(
      ...nodes.map((node, i) =>
        el(
          'li',
          {
            id: `${list.id}-${i}`,
            role: 'option',
            'aria-selected': 'false',
            onmousedown: (event) => {
              event.preventDefault();
              choose(node);
            },
          },
          el('span', { class: 'option-name' }, node.name),
          el('span', { class: 'option-meta' }, `${node.country} · ${node.kinds.join(', ')} · ${node.id}`),
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
        if (!res.ok || ticket !== asked) return;
        show((await res.json()).nodes);
      } catch {
        close();
      }
    }, 120);
  });
  input.addEventListener('keydown', (event) => {
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
      close();
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 100));
}

/** What to send for a place: the chosen node's id while the text still shows its name, else the text. */
const placeValue = (input) =>
  input.dataset.id && input.value.trim() === input.dataset.name ? input.dataset.id : input.value.trim();

// ---------- planning ----------

function showStatus(kind, ...content) {
  statusBox.className = `status ${kind}`;
  statusBox.replaceChildren(...content);
}

function showProblem(problem, query) {
  const parts = [el('strong', {}, problem.title ?? 'Error'), ' ', problem.detail ?? ''];
  const actions = [];
  // Suggestions for origin or destination plan in one click; others are shown for information.
  const plannable = problem.parameter === 'origin' || problem.parameter === 'destination';
  const action = (label, next) =>
    el('button', { type: 'button', class: 'suggestion', onclick: () => next && (fillForm(next), submit(next)) }, label);
  for (const s of problem.suggestions ?? []) {
    actions.push(action(`${s.name} (${s.country})`, plannable ? { ...query, [problem.parameter]: s.id } : null));
  }
  for (const r of problem.relaxations ?? []) {
    const countries = r.allow.filter((c) => c.kind === 'country').map((c) => c.value);
    if (countries.length !== r.allow.length) continue;
    const next = { ...query, avoid: query.avoid.filter((c) => !countries.includes(c)) };
    actions.push(action(`Allow ${countries.map(countryName).join(' + ')}`, next));
  }
  if (actions.length) parts.push(el('div', { class: 'actions' }, actions));
  showStatus('error', ...parts);
}

async function plan(query) {
  const ticket = ++state.request;
  const search = toSearch(query);
  form.classList.add('busy');
  $('#plan').disabled = true;
  showStatus('info', 'Planning…');
  try {
    const [json, svg] = await Promise.all([
      fetch(`/routes?${search}`, { headers: { accept: 'application/json' } }),
      fetch(`/routes?${search}&format=svg`),
    ]);
    if (ticket !== state.request) return;
    const body = await json.json();
    if (!json.ok) {
      showProblem(body, query);
      clearRoute();
      await drawNetwork(query.avoid);
      return;
    }
    state.plan = body;
    if (svg.ok) drawSvg(await svg.text());
    showStatus('ok', '');
    statusBox.className = 'status';
    renderTabs();
    selectRoute(0);
    copyLink.hidden = false;
    document.title = `${body.origin.name} → ${body.destination.name} · Eurasia freight routes`;
  } catch (error) {
    if (ticket === state.request) showStatus('error', el('strong', {}, 'The service did not answer.'), ` ${error}`);
  } finally {
    if (ticket === state.request) {
      form.classList.remove('busy');
      $('#plan').disabled = false;
    }
  }
}

function clearRoute() {
  state.plan = null;
  tabs.replaceChildren();
  summary.replaceChildren();
  ferriesBox.hidden = true;
  table.hidden = true;
}

function drawSvg(text) {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const svg = doc.documentElement;
  if (svg.nodeName !== 'svg') return;
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  mapBox.replaceChildren(document.importNode(svg, true));
}

async function drawNetwork(avoid) {
  const res = await fetch(`/map.svg${avoid.length ? `?avoid=${avoid.join(',')}` : ''}`);
  if (res.ok && !state.plan) drawSvg(await res.text());
}

function renderTabs() {
  const routes = state.plan.routes;
  tabs.replaceChildren(
    ...routes.map((r, i) =>
      el(
        'button',
        {
          type: 'button',
          role: 'tab',
          class: `tab route-${i}`,
          id: `route-tab-${i}`,
          'aria-selected': 'false',
          onclick: () => selectRoute(i),
        },
        el('span', { class: 'swatch', 'aria-hidden': 'true' }),
        el('span', { class: 'tab-title' }, i === 0 ? 'Best route' : `Alternative ${i}`),
        el('span', { class: 'tab-figures' }, `${fmt.format(r.distanceKm)} km · ${days(r.durationHours)}`),
      ),
    ),
  );
}

function selectRoute(index) {
  state.selected = index;
  const plan = state.plan;
  const route = plan.routes[index];
  for (const tab of tabs.children) tab.setAttribute('aria-selected', String(tab.id === `route-tab-${index}`));
  for (const group of mapBox.querySelectorAll('g.route')) {
    group.classList.toggle('dimmed', group.getAttribute('data-route') !== String(index));
  }
  // Draw the selected route on top.
  const selectedGroup = mapBox.querySelector(`g.route[data-route="${index}"]`);
  if (selectedGroup) selectedGroup.parentNode.insertBefore(selectedGroup, mapBox.querySelector('g.stops'));

  const extra = route.comparedToUnconstrained;
  summary.replaceChildren(
    figure('Distance', `${fmt.format(route.distanceKm)} km`),
    figure('Time', days(route.durationHours), `${fmt.format(route.movingHours)} h moving, ${fmt.format(route.dwellHours)} h waiting`),
    figure('CO2e', `${fmt1.format(route.co2eKgPerTonne)} kg/t`),
    figure('Countries', route.countries.join(' → '), null, 'wide'),
    extra && (extra.extraDistanceKm !== 0 || extra.extraDurationHours !== 0)
      ? figure(
          'Cost of the constraints',
          `${extra.extraDistanceKm >= 0 ? '+' : '−'}${fmt.format(Math.abs(extra.extraDistanceKm))} km`,
          `${extra.extraDurationHours >= 0 ? '+' : '−'}${days(Math.abs(extra.extraDurationHours))} against the best route without them`,
        )
      : null,
  );

  if (route.ferries.length) {
    ferriesBox.replaceChildren(
      el('h2', {}, route.ferries.length === 1 ? '1 ferry crossing' : `${route.ferries.length} ferry crossings`),
      el(
        'ul',
        {},
        route.ferries.map((f) =>
          el(
            'li',
            {},
            el('strong', {}, f.sea),
            `: ${f.from.name} → ${f.to.name}, ${fmt.format(f.distanceKm)} km, about ${fmt.format(f.sailingHours)} h at sea, ${f.sailingsPerWeek} sailing${f.sailingsPerWeek === 1 ? '' : 's'} a week${f.operator ? ` (${f.operator})` : ''}`,
          ),
        ),
      ),
    );
  } else {
    ferriesBox.replaceChildren(el('h2', {}, 'No ferry crossing'), el('p', {}, 'Every leg of this route is overland.'));
  }
  ferriesBox.hidden = false;

  table.tBodies[0].replaceChildren(
    ...route.legs.map((leg, i) =>
      el(
        'tr',
        { class: leg.mode === 'ferry' ? 'ferry' : '' },
        el('td', { class: 'num' }, i + 1),
        el('td', {}, leg.from.name, el('span', { class: 'cc' }, leg.from.country)),
        el('td', {}, leg.to.name, el('span', { class: 'cc' }, leg.to.country)),
        el(
          'td',
          {},
          el('span', { class: `mode mode-${leg.mode}` }, leg.mode),
          leg.sea ? el('span', { class: 'sea' }, leg.sea) : null,
        ),
        el('td', {}, leg.countries.join(' → ')),
        el('td', { class: 'num' }, fmt1.format(leg.distanceKm)),
        el('td', { class: 'num' }, fmt1.format(leg.durationHours)),
        el('td', { class: 'num' }, fmt1.format(leg.co2eKgPerTonne)),
      ),
    ),
  );
  table.tFoot.replaceChildren(
    el(
      'tr',
      {},
      el('th', { scope: 'row', colspan: '5' }, `Total · ${route.legs.length} legs`),
      el('td', { class: 'num total-distance' }, `${fmt1.format(route.distanceKm)} km`),
      el('td', { class: 'num total-time' }, `${days(route.durationHours)}`),
      el('td', { class: 'num total-co2' }, `${fmt1.format(route.co2eKgPerTonne)} kg/t`),
    ),
  );
  table.hidden = false;
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

function submit(query) {
  const search = toSearch(query);
  if (`?${search}` !== location.search) history.pushState(null, '', `/?${search}`);
  plan(query);
}

// ---------- start ----------

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const query = { ...readForm(), origin: placeValue(form.origin), destination: placeValue(form.destination) };
  if (!query.origin || !query.destination) {
    showStatus('error', 'Enter where the cargo starts and where it goes.');
    (query.origin ? form.destination : form.origin).focus();
    return;
  }
  submit(query);
});

$('#swap').addEventListener('click', () => {
  const [a, b] = [form.origin.value, form.destination.value];
  form.origin.value = b;
  form.destination.value = a;
  for (const input of [form.origin, form.destination]) delete input.dataset.id;
});

for (const button of document.querySelectorAll('.preset')) {
  button.addEventListener('click', () => {
    state.avoid = new Set(button.dataset.avoid.split(',').filter(Boolean));
    renderAvoid();
  });
}
$('#avoid-filter').addEventListener('input', renderAvoid);

copyLink.addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText(location.href);
    copyLink.textContent = 'Link copied';
  } catch {
    copyLink.textContent = location.href;
  }
  setTimeout(() => {
    copyLink.textContent = 'Copy link to this plan';
  }, 2000);
});

window.addEventListener('popstate', () => {
  const query = readAddress();
  fillForm(query);
  if (query.origin && query.destination) plan(query);
  else {
    clearRoute();
    drawNetwork(query.avoid);
  }
});

setupCombobox(form.origin);
setupCombobox(form.destination);

async function start() {
  const query = readAddress();
  fillForm(query);
  try {
    const res = await fetch('/countries');
    if (res.ok) state.countries = (await res.json()).countries;
  } catch {
    // the list stays empty; planning still works
  }
  renderAvoid();
  if (query.origin && query.destination) await plan(query);
  else await drawNetwork(query.avoid);
}

start();
