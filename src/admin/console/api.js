// All data comes from the gateway's API, authorised there by the console's HttpOnly session cookie.
// Every call carries X-Requested-With, which the gateway requires for cookie-authenticated changes.

export class ApiError extends Error {
  constructor(status, body) {
    const error = body && body.error ? body.error : { code: `HTTP_${status}`, message: `HTTP ${status}` };
    super(error.message);
    this.status = status;
    this.code = error.code;
    this.details = error.details;
  }
}

export async function api(method, path, body) {
  const init = {
    method,
    credentials: 'same-origin',
    headers: { 'X-Requested-With': 'bieb-console', Accept: 'application/json' },
    cache: 'no-store',
  };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  let parsed = null;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    parsed = null;
  }
  if (!response.ok) throw new ApiError(response.status, parsed);
  return parsed;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body ?? {});
export const del = (path) => api('DELETE', path);
export const enc = encodeURIComponent;
