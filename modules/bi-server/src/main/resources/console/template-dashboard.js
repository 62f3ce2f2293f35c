// A bi-template template as a dashboard: ONE call to bi-server (GET /api/server/v1/dashboards/{id}) renders every
// panel — KPI cards with the previous period, line and bar charts, tables — with the daily dashboard's filters.
// A panel that timed out or failed says so in its own card; the others are drawn.
import { get } from './api.js';
import { t, formatNumber } from './i18n.js';
import { el, clear, loading, failure, empty, table } from './views.js';
import { drawPanel, prunePanels } from './panel-charts.js';
import { kpiCard } from './dashboard.js';

/** The templates the caller may view (bi-template, through bi-server). */
export function listTemplates() {
  return get('/api/server/v1/dashboards');
}

/** Renders template {@code id} for the query string {@code query} into body; shopNames maps shop ids to names. */
export async function renderTemplate(body, id, query, shopNames, filters) {
  clear(body, loading());
  let answer;
  try {
    answer = await get('/api/server/v1/dashboards/' + encodeURIComponent(id) + '?' + query);
  } catch (e) {
    const reload = () => renderTemplate(body, id, query, shopNames, filters);
    clear(body, e.status === 404 && e.problem && e.problem.status === 404
      ? empty(t('dash.not_found'), el('a', { href: '#/dashboard', id: 'back-to-daily' }, t('dash.daily')))
      : failure(e, reload));
    return;
  }
  prunePanels();
  const notes = [];
  const ignored = [];
  if (!answer.applied.shops && filters.shop) ignored.push(t('filter.shops'));
  if (!answer.applied.platform && filters.platform) ignored.push(t('filter.platform'));
  if (!answer.applied.range) ignored.push(t('range.label'));
  if (ignored.length) notes.push(el('p', { class: 'note', id: 'template-ignored' }, t('dash.ignored', { filters: ignored.join(', ') })));
  if (answer.partial) notes.push(el('p', { class: 'note warn', id: 'template-partial', role: 'status' }, t('dash.partial')));
  const panels = el('div', { class: 'panels', id: 'template-panels' }, answer.panels.map((p) => panel(p, shopNames)));
  clear(body, el('div', {
    id: 'template-body', 'data-template-id': answer.template.id, 'data-from': answer.from, 'data-to': answer.to,
    'data-partial': String(answer.partial),
  }, el('h2', { class: 'template-title', id: 'template-title' }, answer.template.name),
  el('p', { class: 'range', id: 'template-range' }, answer.from + ' – ' + answer.to), notes, panels));
  // charts are drawn once their nodes are in the page (ECharts measures them)
  panels.querySelectorAll('.chart[data-chart]').forEach((node) => node.drawPanelChart());
}

function panel(p, shopNames) {
  const node = el('section', {
    // KPI cards and wide tables take the whole row; charts and narrow tables share it
    class: 'card panel' + (p.kind === 'KPI' || (p.kind === 'TABLE' && p.columns.length > 4) ? ' panel-wide' : ''), id: 'panel-' + p.id,
    'data-panel-id': p.id, 'data-panel-kind': p.kind, 'data-panel-status': p.status,
  }, el('h3', {}, p.title));
  if (p.status === 'timeout') {
    node.append(el('div', { class: 'state error', 'data-state': 'timeout' }, t('dash.timeout')));
  } else if (p.status !== 'ok') {
    node.append(failure({ message: p.message || '' }));
  } else if (p.kind === 'KPI') {
    node.append(el('div', { class: 'kpis' }, (p.kpis || []).map(kpiCard)));
  } else if (p.kind === 'LINE' || p.kind === 'BAR') {
    node.append(chart(p, shopNames));
  } else {
    node.append(rows(p, shopNames));
  }
  return node;
}

function chart(p, shopNames) {
  const c = p.chart;
  if (!c || c.x.length === 0 || c.series.every((s) => s.data.every((v) => v === 0))) return empty(t('state.empty'));
  const node = el('div', { class: 'chart', id: 'panel-chart-' + p.id, 'data-chart': c.type });
  const dimension = p.columns[0];
  node.drawPanelChart = () => drawPanel(node, {
    type: c.type,
    x: c.x.map((v) => label(dimension, v, shopNames)),
    series: c.series.map((s) => ({ name: s.metric ? metricName(s.metric) : label(p.columns[1], s.name, shopNames), data: s.data })),
  });
  return node;
}

function rows(p, shopNames) {
  if (p.rows.length === 0) return empty(t('state.empty'));
  const columns = p.columns.map((name, i) => {
    const metric = name.replace(/_previous$/, '');
    const numeric = p.rows.some((r) => typeof r[i] === 'number');
    return {
      key: String(i), label: columnName(name), num: numeric,
      format: numeric ? (v) => formatNumber(v, metric) : (v) => label(name, v, shopNames),
    };
  });
  const objects = p.rows.map((r) => Object.fromEntries(r.map((v, i) => [String(i), v])));
  return el('div', { class: 'table-scroll' }, table(columns, objects, { id: 'panel-table-' + p.id }));
}

/** A dimension value as shown: a shop's name for its id, a metric's name in a KPI table, else the value. */
function label(dimension, value, shopNames) {
  if (dimension === 'shop') return shopNames.get(value) || value;
  if (dimension === 'metric') return metricName(value);
  return value;
}

function metricName(metric) {
  const key = 'kpi.' + metric;
  const text = t(key);
  return text === key ? metric : text;
}

function columnName(name) {
  if (name.endsWith('_previous')) return metricName(name.replace(/_previous$/, '')) + ' · ' + t('kpi.previous');
  const key = 'col.' + name;
  const text = t(key);
  return text === key ? metricName(name) : text;
}
