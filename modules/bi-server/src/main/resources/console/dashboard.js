// The dashboards: a picker of the daily dashboard (the default) and the tenant's bi-template templates, the filters
// they share, and the chosen one. The daily dashboard: KPI cards with the previous period, the trend, the SKU ranking,
// the shops and, when bi-plan-taoxi answers, the target attainment. ONE call to bi-server per answer; each section
// (or template panel) has its own state. The chosen template is in the URL (#/dashboard?template=<id>).
import { get, post } from './api.js';
import { t, formatNumber, formatChange } from './i18n.js';
import { el, clear, loading, failure, unavailable, empty, table } from './views.js';
import { draw, prune } from './charts.js';
import { listTemplates, renderTemplate } from './template-dashboard.js';

const RANGES = ['today', 'yesterday', 'last_7_days', 'last_30_days', 'this_month', 'last_month', 'custom'];
const PLATFORMS = ['TAOBAO', 'TMALL', 'JD', 'PDD', 'DOUYIN', 'OTHER'];
const KPIS = ['gmv', 'orders', 'units', 'aov', 'refund_amount', 'refund_rate'];
const filters = { range: 'last_7_days', from: '', to: '', shop: '', platform: '' };
let shopNames = new Map();
let selected = '';

/** The filters as a query string (the daily dashboard's and the templates' alike). */
export function filterQuery(f = filters) {
  const params = new URLSearchParams({ range: f.range });
  if (f.range === 'custom') { params.set('from', f.from); params.set('to', f.to); }
  if (f.shop) params.set('shops', f.shop);
  if (f.platform) params.set('platform', f.platform);
  return params.toString();
}

export function dashboardQuery(f = filters) {
  return '/api/server/v1/dashboard?' + filterQuery(f);
}

/** The template chosen in the URL (#/dashboard?template=<id>), '' for the daily dashboard. */
function templateInUrl() {
  const query = location.hash.split('?')[1] || '';
  return new URLSearchParams(query).get('template') || '';
}

export async function renderDashboard(view, me) {
  selected = templateInUrl();
  const shopSelect = el('select', { id: 'filter-shop' }, el('option', { value: '' }, t('filter.all')));
  const body = el('div', { id: 'dashboard-body' }, loading());
  const picker = el('select', { id: 'dashboard-picker', 'aria-label': t('dash.picker') },
    el('option', { value: '', 'data-kind': 'DAILY' }, t('dash.daily')));
  const pickerState = el('div', { id: 'dashboard-picker-state', class: 'picker-state' });
  picker.addEventListener('change', () => {
    selected = picker.value;
    // the choice is kept in the URL (a reload or a bookmark opens it again) without re-rendering the page
    history.replaceState(null, '', '#/dashboard' + (selected ? '?template=' + encodeURIComponent(selected) : ''));
    load(body);
  });
  clear(view, el('section', { class: 'card' },
    el('div', { class: 'picker' }, el('label', {}, t('dash.picker'), picker), pickerState),
    filterBar(shopSelect, () => load(body))), body);
  fillPicker(picker, pickerState, me, body);
  let shops;
  try {
    shops = (await get('/api/basic/v1/shops?size=200')).items;
  } catch (e) {
    shops = null; // bi-basic down: no shop names, the numbers still come
  }
  if (shops && shops.length === 0) {
    clear(body, empty(t('state.no_shops'), el('a', { href: '#/settings', id: 'connect-shop' }, t('state.connect_shop'))));
    return;
  }
  shopNames = new Map((shops || []).map((s) => [s.external_id, s.name]));
  (shops || []).forEach((s) => shopSelect.append(el('option', { value: s.external_id }, s.name)));
  shopSelect.value = filters.shop;
  await load(body);
}

function filterBar(shopSelect, reload) {
  const range = el('select', { id: 'filter-range' }, RANGES.map((r) => el('option', { value: r }, t('range.' + r))));
  range.value = filters.range;
  const from = el('input', { type: 'date', id: 'filter-from', value: filters.from });
  const to = el('input', { type: 'date', id: 'filter-to', value: filters.to });
  const custom = el('span', { class: 'row', hidden: filters.range !== 'custom' }, el('label', {}, t('filter.from'), from), el('label', {}, t('filter.to'), to));
  const platform = el('select', { id: 'filter-platform' }, el('option', { value: '' }, t('filter.all')), PLATFORMS.map((p) => el('option', { value: p }, p)));
  platform.value = filters.platform;
  const apply = () => {
    Object.assign(filters, { range: range.value, from: from.value, to: to.value, shop: shopSelect.value, platform: platform.value });
    if (filters.range !== 'custom' || (filters.from && filters.to)) reload();
  };
  range.addEventListener('change', () => { custom.hidden = range.value !== 'custom'; apply(); });
  [shopSelect, platform, from, to].forEach((s) => s.addEventListener('change', apply));
  return el('div', { class: 'filters' }, el('label', {}, t('range.label'), range), custom,
    el('label', {}, t('filter.shops'), shopSelect), el('label', {}, t('filter.platform'), platform));
}

/** Lists the templates into the picker; the daily dashboard works whatever bi-template answers. */
async function fillPicker(picker, state, me, body) {
  clear(state);
  let templates;
  try {
    templates = (await listTemplates()).templates;
  } catch (e) {
    picker.dataset.state = 'unavailable';
    clear(state, failure(e, () => fillPicker(picker, state, me, body)));
    return;
  }
  picker.querySelectorAll('option[data-template]').forEach((o) => o.remove());
  templates.forEach((tpl) => picker.append(el('option', { value: tpl.id, 'data-template': tpl.id, 'data-kind': tpl.kind },
    tpl.name + ' · ' + t('dash.kind.' + tpl.kind) + ' · ' + t('dash.panels', { n: tpl.panels }))));
  picker.dataset.state = 'ready';
  picker.dataset.count = String(templates.length);
  if (selected && !templates.some((tpl) => tpl.id === selected)) picker.append(el('option', { value: selected }, selected));
  picker.value = selected;
  if (templates.length === 0) {
    const admin = me && (me.roles || []).includes('ADMIN');
    const install = el('button', { type: 'button', id: 'install-starters', class: 'secondary' }, t('dash.install_starters'));
    install.addEventListener('click', async () => {
      install.disabled = true;
      try {
        await post('/api/template/v1/starters/install');
        await fillPicker(picker, state, me, body);
      } catch (e) {
        clear(state, failure(e));
      }
    });
    clear(state, empty(t('dash.no_templates'), admin ? install : t('dash.ask_admin')));
  }
}

async function load(body) {
  if (selected) {
    await renderTemplate(body, selected, filterQuery(), shopNames, filters);
    return;
  }
  clear(body, loading());
  let answer;
  try {
    answer = await get(dashboardQuery());
  } catch (e) {
    clear(body, failure(e, () => load(body)));
    return;
  }
  prune();
  const s = answer.sections;
  const kpis = el('section', { id: 'kpis', 'data-from': answer.from, 'data-to': answer.to });
  const trend = el('section', { class: 'card', id: 'trend' }, el('h3', {}, t('section.trend')));
  const skus = el('section', { class: 'card', id: 'sku-ranking' }, el('h3', {}, t('section.sku_ranking')));
  const shops = el('section', { class: 'card', id: 'shops' }, el('h3', {}, t('section.shops')));
  const parts = [el('p', { class: 'range', id: 'range-text' }, answer.from + ' – ' + answer.to), kpis, el('div', { class: 'grid2' }, trend, skus), shops];
  if (s.attainment) {
    const attainment = el('section', { class: 'card', id: 'attainment' }, el('h3', {}, t('section.attainment')));
    parts.push(attainment);
    section(attainment, s.attainment, (data) => attainmentTable(data));
  }
  clear(body, parts);
  section(kpis, s.kpis, (data) => el('div', { class: 'kpis' }, data.map(kpiCard)));
  section(trend, s.trend, (data) => {
    if (data.every((p) => p.gmv === 0 && p.orders === 0)) return empty(t('state.empty'));
    const node = el('div', { class: 'chart', id: 'trend-chart' });
    queueMicrotask(() => draw(node, { x: data.map((p) => p.day), series: [
      { name: t('col.gmv'), data: data.map((p) => p.gmv) }, { name: t('col.orders'), data: data.map((p) => p.orders), type: 'bar' }] }));
    return node;
  });
  section(skus, s.sku_ranking, (data) => data.length === 0 ? empty(t('state.empty')) : table([
    { key: 'rank', label: t('col.rank') }, { key: 'sku', label: t('col.sku') },
    { key: 'gmv', label: t('col.gmv'), num: true, format: (v) => formatNumber(v, 'gmv') },
    { key: 'units', label: t('col.units'), num: true, format: (v) => formatNumber(v, 'units') }], data, { id: 'sku-table' }));
  section(shops, s.shops, (data) => data.length === 0 ? empty(t('state.empty')) : table([
    { key: 'shop', label: t('col.shop'), format: (v) => shopNames.get(v) || v },
    { key: 'gmv', label: t('col.gmv'), num: true, format: (v) => formatNumber(v, 'gmv') },
    { key: 'orders', label: t('col.orders'), num: true, format: (v) => formatNumber(v, 'orders') },
    { key: 'change', label: t('col.change'), num: true, format: (v) => formatChange(v) }], data, { id: 'shop-table' }));
}

/** Appends a section's content: its data drawn, or its "not available" / error panel. */
function section(node, part, render) {
  if (!part) return;
  if (part.status === 'unavailable') node.append(unavailable(part.service));
  else if (part.status !== 'ok') node.append(failure({ message: part.message || '' }));
  else node.append(render(part.data));
}

export function kpiCard(k) {
  const direction = k.change > 0 ? 'up' : k.change < 0 ? 'down' : '';
  return el('div', { class: 'kpi', 'data-metric': k.metric, 'data-value': String(k.value), 'data-previous': String(k.previous) },
    el('div', { class: 'label' }, t('kpi.' + k.metric)),
    el('div', { class: 'value' }, formatNumber(k.value, k.metric)),
    el('div', { class: 'change ' + direction }, formatChange(k.change), ' ', t('kpi.vs')),
    el('div', { class: 'prev' }, t('kpi.previous') + ': ' + formatNumber(k.previous, k.metric)));
}

export function attainmentTable(data) {
  const rows = Array.isArray(data) ? data : (data.shops || data.rows || []);
  if (rows.length === 0) return empty(t('state.empty'));
  return table([
    { key: 'shop', label: t('col.shop'), format: (v, r) => shopNames.get(v || r.shop_id) || v || r.shop_id },
    { key: 'target', label: t('col.target'), num: true, format: (v) => formatNumber(v, 'gmv') },
    { key: 'actual', label: t('col.actual'), num: true, format: (v) => formatNumber(v, 'gmv') },
    { key: 'attainment', label: t('col.attainment'), num: true, format: (v) => formatChange(v === undefined ? null : v).replace('+', '') },
    { key: 'forecast', label: t('col.forecast'), num: true, format: (v) => formatNumber(v, 'gmv') },
    { key: 'status', label: t('col.status'), format: (v) => el('span', { class: 'badge ' + (v || '') }, v || '–') }], rows, { id: 'attainment-table' });
}

export { KPIS };
