// The console's entry: login, the header (tenant name, role, language, logout) and the hash router.
import { login, logout, hasSession, refresh, onSession, get, ApiError } from './api.js';
import { t, setLang, currentLang, applyStatic, onLangChange } from './i18n.js';
import { el, clear, loading, failure } from './views.js';
import { renderDashboard } from './dashboard.js';
import { renderChat } from './chat.js';
import { renderSettings } from './settings.js';
import { renderPlan } from './plan.js';

const view = document.getElementById('view');
const ROUTES = { dashboard: renderDashboard, plan: renderPlan, chat: renderChat, settings: renderSettings };
let me = null;

function showLogin(notice) {
  me = null;
  document.getElementById('nav').hidden = true;
  document.getElementById('who').hidden = true;
  document.getElementById('logout').hidden = true;
  const tenant = el('input', { id: 'login-tenant', name: 'tenant', autocomplete: 'organization', required: true });
  const username = el('input', { id: 'login-username', name: 'username', autocomplete: 'username', required: true });
  const password = el('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const message = el('div', { class: 'error-text', id: 'login-error', role: 'alert' }, notice || '');
  const submit = el('button', { type: 'submit', id: 'login-submit' }, t('auth.login'));
  const form = el('form', { class: 'card login', id: 'login-form' },
    el('h2', {}, t('app.title')),
    el('label', {}, t('auth.tenant'), tenant), el('label', {}, t('auth.username'), username),
    el('label', {}, t('auth.password'), password), submit, message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    message.textContent = '';
    try {
      await login(tenant.value.trim(), username.value.trim(), password.value);
      password.value = '';
      await start();
    } catch (e) {
      message.textContent = e.unavailable ? t('state.unavailable', { service: 'bi-sys' })
        : e.status === 429 ? t('auth.locked') : e.status === 403 ? t('auth.suspended') : t('auth.failed');
    } finally {
      submit.disabled = false;
    }
  });
  clear(view, form);
  tenant.focus();
}

async function start() {
  clear(view, loading());
  try {
    me = await get('/api/server/v1/me');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) { showLogin(); return; }
    clear(view, failure(e, start));
    return;
  }
  document.getElementById('tenant-name').textContent = me.tenant.name || me.tenant.code;
  document.getElementById('user-role').textContent = (me.roles || []).join(', ');
  document.getElementById('who').hidden = false;
  document.getElementById('nav').hidden = false;
  document.getElementById('logout').hidden = false;
  document.getElementById('nav-settings').hidden = !(me.roles || []).some((r) => r === 'ADMIN' || r === 'PLATFORM_ADMIN');
  route();
}

function route() {
  if (!me) return;
  const name = (location.hash.replace(/^#\//, '') || 'dashboard').split('?')[0];
  const render = ROUTES[name] || renderDashboard;
  document.querySelectorAll('#nav a').forEach((a) => a.classList.toggle('active', a.id === 'nav-' + name));
  render(view, me);
}

window.addEventListener('hashchange', route);
onSession((active) => { if (!active) showLogin(t('auth.expired')); });
onLangChange(() => { if (me) route(); else showLogin(); });

const langSelect = document.getElementById('lang');
langSelect.value = currentLang();
langSelect.addEventListener('change', () => setLang(langSelect.value));
document.getElementById('logout').addEventListener('click', async () => {
  await logout().catch(() => {});
  showLogin();
});

setLang(currentLang());
applyStatic();
if (hasSession()) {
  refresh().then(start, () => showLogin());
} else {
  showLogin();
}
