// Same-origin calls to the platform's services (/api/<service>/v1/...), with the session's tokens.
//
// Tokens: the access token lives in memory only; the refresh token in sessionStorage, so a reload of this tab keeps
// the session while another tab, a closed tab or a URL never sees it. Neither is ever put in a URL. The page runs
// no inline or third-party script (Content-Security-Policy script-src 'self'), which is what keeps them from other code.
// bi-sys rotates refresh tokens (reusing a spent one revokes the whole family), so refreshing is single-flight.

const REFRESH_KEY = 'bi.refresh';
let access = null;
let accessExpiresAt = 0;
let refreshing = null;
let refreshTimer = null;
const sessionListeners = [];

export class ApiError extends Error {
  constructor(status, problem, service) {
    super((problem && (problem.detail || problem.title)) || ('HTTP ' + status));
    this.status = status;
    this.problem = problem || {};
    // bi-server names the service behind a whole answer it could not compose ("bi-template is not available: ...")
    const named = status === 503 && this.problem.detail && /^(bi-[a-z-]+) is not available/.exec(this.problem.detail);
    this.service = named ? named[1] : service;
  }

  /** The service is not running or not answering (the gateway's 502/503/504, or no answer at all). */
  get unavailable() {
    return this.status === 0 || this.status === 502 || this.status === 503 || this.status === 504
      || (this.status === 404 && !this.problem.status);
  }
}

/** Called with true when a session starts, false when it ends (logout, or a refresh bi-sys refused). */
export function onSession(fn) {
  sessionListeners.push(fn);
}

function serviceOf(path) {
  const match = /^\/api\/([a-z]+)\//.exec(path);
  return match ? 'bi-' + (match[1] === 'plan' ? 'plan-taoxi' : match[1] === 'jushuitan' ? 'api-jushuitan' : match[1] === 'leke' ? 'api-leke' : match[1]) : 'bi-server';
}

async function raw(method, path, body, token) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = 'Bearer ' + token;
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit', cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, { detail: String(e) }, serviceOf(path));
  }
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) throw new ApiError(response.status, data, serviceOf(path));
  return data;
}

function accept(tokens) {
  access = tokens.access_token;
  accessExpiresAt = Date.now() + tokens.expires_in * 1000;
  if (tokens.refresh_token) sessionStorage.setItem(REFRESH_KEY, tokens.refresh_token);
  clearTimeout(refreshTimer);
  // renew a minute before expiry (or at half the lifetime for short-lived tokens), silently
  const lead = Math.min(60_000, tokens.expires_in * 500);
  refreshTimer = setTimeout(() => refresh().catch(() => {}), Math.max(1_000, tokens.expires_in * 1000 - lead));
}

function end() {
  const had = access !== null || sessionStorage.getItem(REFRESH_KEY) !== null;
  access = null;
  accessExpiresAt = 0;
  clearTimeout(refreshTimer);
  sessionStorage.removeItem(REFRESH_KEY);
  if (had) sessionListeners.forEach((fn) => fn(false));
}

export function hasSession() {
  return access !== null || sessionStorage.getItem(REFRESH_KEY) !== null;
}

export async function login(tenant, username, password) {
  const tokens = await raw('POST', '/api/sys/v1/auth/login', { tenant, username, password });
  accept(tokens);
  sessionListeners.forEach((fn) => fn(true));
}

/** A new access token from the refresh token; ends the session when bi-sys refuses it. */
export function refresh() {
  if (refreshing) return refreshing;
  const token = sessionStorage.getItem(REFRESH_KEY);
  if (!token) return Promise.reject(new ApiError(401, { detail: 'no session' }, 'bi-sys'));
  refreshing = raw('POST', '/api/sys/v1/auth/refresh', { refresh_token: token })
    .then(accept)
    .catch((e) => {
      if (e.status === 401 || e.status === 403 || e.status === 400) end();
      throw e;
    })
    .finally(() => { refreshing = null; });
  return refreshing;
}

export async function logout() {
  const token = sessionStorage.getItem(REFRESH_KEY);
  try {
    if (token) await raw('POST', '/api/sys/v1/auth/logout', { refresh_token: token });
  } finally {
    end();
  }
}

/** An authenticated call; an expired access token is renewed once, silently. */
export async function api(method, path, body) {
  if (!access || Date.now() > accessExpiresAt - 5_000) await refresh();
  try {
    return await raw(method, path, body, access);
  } catch (e) {
    if (e.status !== 401) throw e;
    await refresh();
    return raw(method, path, body, access);
  }
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body);
export const put = (path, body) => api('PUT', path, body);
export const del = (path) => api('DELETE', path);
