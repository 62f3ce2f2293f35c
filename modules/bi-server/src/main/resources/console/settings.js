// Settings for admins: Jushuitan shop credentials (sync status, sync now), the Leke webhook secret, notification
// channels (send a test message), users and API keys. Each tab talks to its own service; one that is not running
// shows its "not available" panel and the others keep working.
import { get, post, put, del } from './api.js';
import { t } from './i18n.js';
import { el, clear, loading, failure, empty, table, field } from './views.js';

const TABS = [
  ['jushuitan', 'settings.jushuitan', jushuitan],
  ['leke', 'settings.leke', leke],
  ['channels', 'settings.channels', channels],
  ['users', 'settings.users', users],
  ['apikeys', 'settings.apikeys', apiKeys],
];
let current = 'jushuitan';

export function renderSettings(view) {
  const body = el('div', { id: 'settings-body' });
  const tabs = el('div', { class: 'tabs' }, TABS.map(([id, label]) => el('button', {
    type: 'button', id: 'tab-' + id, class: id === current ? 'active' : 'secondary',
    onclick: () => { current = id; renderSettings(view); },
  }, t(label))));
  clear(view, el('section', { class: 'card' }, tabs, body));
  const tab = TABS.find(([id]) => id === current);
  tab[2](body);
}

async function guarded(body, load) {
  clear(body, loading());
  try {
    await load();
  } catch (e) {
    clear(body, failure(e, () => guarded(body, load)));
  }
}

function form(onSubmit, ...fields) {
  const message = el('div', { class: 'error-text', role: 'status' });
  const node = el('form', { class: 'form' }, fields, el('button', { type: 'submit' }, t('settings.save')), message);
  node.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.textContent = '';
    try {
      await onSubmit(message);
    } catch (e) {
      message.textContent = e.unavailable ? t('state.unavailable', { service: e.service }) : e.message;
    }
  });
  return node;
}

const input = (id, type = 'text', attrs = {}) => el('input', { id, name: id, type, autocomplete: 'off', ...attrs });

function jushuitan(body) {
  guarded(body, async () => {
    const list = (await get('/api/jushuitan/v1/shops')).items;
    const rows = list.length === 0 ? empty(t('state.no_shops')) : table([
      { key: 'shop_id', label: t('jst.shop_id') }, { key: 'platform', label: t('jst.platform') },
      { key: 'status', label: t('jst.status'), format: (v, r) => el('span', { class: 'badge ' + (r.last_error ? 'bad' : 'ok') }, v || '–') },
      { key: 'last_success_at', label: t('jst.last_success'), format: (v) => v || '–' },
      { key: 'orders_total', label: t('jst.orders'), num: true },
      { key: 'id', label: '', format: (id) => el('button', { type: 'button', class: 'secondary', 'data-sync': id, onclick: async (e) => {
        e.target.disabled = true;
        try { await post('/api/jushuitan/v1/shops/' + id + '/sync'); e.target.textContent = t('settings.sync_queued'); } catch (err) { e.target.textContent = err.message; }
      } }, t('settings.sync_now')) }], list, { id: 'jst-table' });
    const shopId = input('jst-shop-id'); const platform = input('jst-platform', 'text', { value: 'TMALL' });
    const appKey = input('jst-app-key'); const appSecret = input('jst-app-secret', 'password'); const token = input('jst-access-token', 'password');
    clear(body, rows, el('h3', {}, t('settings.add')), form(async (message) => {
      await post('/api/jushuitan/v1/shops', { shop_id: shopId.value, platform: platform.value, app_key: appKey.value,
        app_secret: appSecret.value, access_token: token.value });
      message.textContent = t('settings.saved');
      jushuitan(body);
    }, field('jst.shop_id', shopId), field('jst.platform', platform), field('jst.app_key', appKey),
    field('jst.app_secret', appSecret), field('jst.access_token', token)));
  });
}

function leke(body) {
  const secret = input('leke-secret', 'password', { minlength: '16' });
  clear(body, el('p', {}, t('leke.hint')), form(async (message) => {
    await put('/api/leke/v1/secret', { secret: secret.value });
    secret.value = '';
    message.textContent = t('settings.saved');
  }, field('leke.secret', secret)));
}

function channels(body) {
  guarded(body, async () => {
    const list = (await get('/api/notify/v1/channels')).items;
    const rows = list.length === 0 ? empty(t('common.none')) : table([
      { key: 'name', label: t('ch.name') }, { key: 'kind', label: t('ch.type') },
      { key: 'id', label: '', format: (id) => el('button', { type: 'button', class: 'secondary', 'data-test': id, onclick: async (e) => {
        const button = e.currentTarget;
        button.disabled = true;
        try {
          // bi-notify answers the test delivery: SENT, or DEAD with the reason (a refused address, a 4xx from the receiver)
          const delivery = await post('/api/notify/v1/channels/' + id + '/test', {});
          button.dataset.deliveryId = delivery.id;
          button.dataset.deliveryStatus = delivery.status;
          button.textContent = delivery.status === 'SENT' ? t('settings.test_sent') : delivery.status + (delivery.last_error ? ': ' + delivery.last_error : '');
          button.disabled = delivery.status === 'SENT';
        } catch (err) {
          button.textContent = err.unavailable ? t('state.unavailable', { service: err.service }) : err.message;
          button.disabled = false;
        }
      } }, t('settings.test')) }], list, { id: 'channel-table' });
    const name = input('ch-name');
    const kind = el('select', { id: 'ch-type' }, ['WEBHOOK', 'DINGTALK', 'WECOM', 'FEISHU', 'EMAIL'].map((v) => el('option', { value: v }, v)));
    const url = input('ch-target');
    const secret = input('ch-secret', 'password');
    const smtpHost = input('ch-smtp-host'); const smtpPort = input('ch-smtp-port'); const from = input('ch-from'); const to = input('ch-to');
    // a robot or webhook is one URL (and its signing secret); a mailbox is an SMTP server, sender and recipients (and its password)
    const urlFields = [field('ch.target', url)];
    const emailFields = [field('ch.smtp_host', smtpHost), field('ch.smtp_port', smtpPort), field('ch.from', from), field('ch.to', to)];
    const showKind = () => {
      const email = kind.value === 'EMAIL';
      urlFields.forEach((f) => { f.hidden = email; });
      emailFields.forEach((f) => { f.hidden = !email; });
    };
    kind.addEventListener('change', showKind);
    showKind();
    clear(body, rows, el('h3', {}, t('settings.add')), form(async (message) => {
      const channel = { name: name.value, kind: kind.value };
      if (kind.value === 'EMAIL') {
        Object.assign(channel, { smtp_host: smtpHost.value, smtp_port: Number(smtpPort.value), from: from.value,
          to: to.value.split(',').map((a) => a.trim()).filter((a) => a) });
        if (secret.value) channel.password = secret.value;
      } else {
        channel.url = url.value;
        if (secret.value) channel.secret = secret.value;
      }
      await post('/api/notify/v1/channels', channel);
      message.textContent = t('settings.saved');
      channels(body);
    }, field('ch.name', name), field('ch.type', kind), ...urlFields, ...emailFields, field('ch.secret', secret)));
  });
}

function users(body) {
  guarded(body, async () => {
    const list = (await get('/api/sys/v1/users?size=200')).items;
    const username = input('user-username'); const display = input('user-display');
    const password = input('user-password', 'password');
    const role = el('select', { id: 'user-role-select' }, ['VIEWER', 'ANALYST', 'ADMIN'].map((r) => el('option', { value: r }, r)));
    clear(body, table([{ key: 'username', label: t('user.username') }, { key: 'display_name', label: t('user.display_name') },
      { key: 'roles', label: t('user.roles'), format: (v) => (v || []).join(', ') }], list, { id: 'user-table' }),
    el('h3', {}, t('settings.add')), form(async (message) => {
      await post('/api/sys/v1/users', { username: username.value, display_name: display.value || undefined, password: password.value, roles: [role.value] });
      message.textContent = t('settings.saved');
      users(body);
    }, field('user.username', username), field('user.display_name', display), field('user.password', password), field('user.roles', role)));
  });
}

function apiKeys(body) {
  guarded(body, async () => {
    const list = (await get('/api/sys/v1/api-keys?size=200')).items;
    const name = input('key-name');
    const scope = el('select', { id: 'key-scope' }, ['VIEWER', 'ANALYST'].map((r) => el('option', { value: r }, r)));
    const created = el('div', { id: 'key-created' });
    clear(body, table([{ key: 'name', label: t('key.name') }, { key: 'prefix', label: t('key.prefix') },
      { key: 'scopes', label: t('key.scopes'), format: (v) => (v || []).join(', ') },
      { key: 'expires_at', label: t('key.expires'), format: (v) => v || '–' },
      { key: 'id', label: '', format: (id) => el('button', { type: 'button', class: 'secondary', onclick: async () => { await del('/api/sys/v1/api-keys/' + id); apiKeys(body); } }, t('settings.delete')) }],
    list, { id: 'key-table' }), el('h3', {}, t('settings.add')), form(async () => {
      const key = await post('/api/sys/v1/api-keys', { name: name.value, scopes: [scope.value] });
      // the key is shown once, here, and kept nowhere else
      clear(created, t('settings.new_key'), el('div', { class: 'secret' }, key.key));
    }, field('key.name', name), field('key.scopes', scope)), created);
  });
}
