// The chat panel: a question to bi-chat, its answer drawn as the sentence, the table and the chart.
import { post, onSession } from './api.js';
import { t, currentLang } from './i18n.js';
import { el, clear, loading, failure } from './views.js';
import { draw } from './charts.js';

let conversation = '';
const history = [];
// a session's conversation and turns are its own: logout (or a new login) starts the panel empty
onSession(() => {
  conversation = '';
  history.length = 0;
});

export function renderChat(view) {
  const log = el('div', { class: 'chat-log', id: 'chat-log' });
  const input = el('input', { id: 'chat-input', maxlength: '500', placeholder: t('chat.placeholder'), autocomplete: 'off' });
  const form = el('form', { class: 'chat-form', id: 'chat-form' }, input, el('button', { type: 'submit', id: 'chat-ask' }, t('chat.ask')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const question = input.value.trim();
    if (question) ask(log, question);
    input.value = '';
  });
  clear(view, el('section', { class: 'card' }, form, log));
  history.forEach((turn) => log.append(turn));
}

async function ask(log, question) {
  const answer = el('div', { class: 'chat-a' }, loading());
  const turn = el('div', { class: 'chat-turn' }, el('div', { class: 'chat-q' }, question), answer);
  history.push(turn);
  log.append(turn);
  try {
    const response = await post('/api/chat/v1/ask', { conversation_id: conversation || undefined, question, locale: currentLang() });
    conversation = response.conversation_id || conversation;
    clear(answer, drawAnswer(response, (q) => ask(log, q)));
  } catch (e) {
    clear(answer, failure(e));
  }
  log.scrollTop = log.scrollHeight;
}

export function drawAnswer(response, askAgain) {
  const parts = [el('p', { class: 'chat-sentence', 'data-kind': response.kind }, response.sentence)];
  const columns = response.columns || [];
  const rows = (response.rows || []).map((row) => (Array.isArray(row) ? row : row.cells || []));
  if (columns.length > 0 && rows.length > 0) {
    parts.push(el('table', { class: 'chat-table' }, el('thead', {}, el('tr', {}, columns.map((c) => el('th', {}, c)))),
      el('tbody', {}, rows.map((cells) => el('tr', {}, cells.map((c) => el('td', {}, c)))))));
  }
  const chart = typeof response.chart_json === 'string' && response.chart_json ? JSON.parse(response.chart_json) : response.chart;
  if (chart && chart.series && ['line', 'bar'].includes(chart.type)) {
    // bi-chat's spec: x = {name, data: [labels]}; the first column (the dimension) when the labels are missing
    const labels = chart.x && Array.isArray(chart.x.data) ? chart.x.data : rows.map((cells) => cells[0]);
    const node = el('div', { class: 'chart chat-chart' });
    parts.push(node);
    queueMicrotask(() => draw(node, { type: chart.type, x: labels, series: chart.series }));
  }
  if (chart && chart.type === 'kpi' && Array.isArray(chart.items)) {
    // an answer without a dimension: one card per metric (with the comparison when asked for one)
    parts.push(el('div', { class: 'kpis chat-kpis' }, chart.items.map((item) => el('div', { class: 'kpi', 'data-value': String(item.value) },
      el('div', { class: 'label' }, item.name), el('div', { class: 'value' }, item.formatted),
      item.change ? el('div', { class: 'change ' + (item.change.startsWith('+') ? 'up' : item.change.startsWith('-') ? 'down' : '') }, item.change) : null))));
  }
  if (response.suggestions && response.suggestions.length > 0) {
    parts.push(el('div', { class: 'row suggestions' }, t('chat.suggestions'),
      response.suggestions.map((s) => el('button', { type: 'button', class: 'secondary', onclick: () => askAgain(s) }, s))));
  }
  return parts;
}
