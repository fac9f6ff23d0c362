// The one client of the HTTP API. The UI uses only /v1/ endpoints that every client has; the token lives in
// sessionStorage (gone when the tab closes, never in localStorage or a cookie).

const TOKEN_KEY = "strongroom.token";

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** An answer other than 2xx: the server's errors[] kept as they are (Vault's messages). */
export class ApiError extends Error {
  constructor(method, path, status, errors, body) {
    super(errors.length ? errors.join("\n") : `${status} ${statusText(status)} (the server sent no message)`);
    this.method = method;
    this.path = path;
    this.status = status;
    this.errors = errors;
    this.body = body;
  }
}

function statusText(status) {
  return { 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
    429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable" }[status] || "";
}

/**
 * Calls the API. path is relative to /v1/ (e.g. "sys/seal-status"). Returns the parsed JSON body, or null for
 * 204. Throws ApiError for any other status, with the body kept (a KV v2 read of a deleted version is a 404
 * whose body is a full answer).
 */
export async function call(method, path, body, options = {}) {
  const headers = { "X-Vault-Request": "true" };
  const t = token();
  if (t && !options.anonymous) headers["X-Vault-Token"] = t;
  let payload;
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch("/v1/" + path, { method, headers, body: payload, cache: "no-store",
      credentials: "omit" });
  } catch (e) {
    throw new ApiError(method, path, 0, ["the server did not answer: " + e.message], null);
  }
  const text = await response.text();
  let json = null;
  if (text) {
    try { json = JSON.parse(text); } catch (e) { json = null; }
  }
  if (response.ok) return json;
  const errors = json && Array.isArray(json.errors) ? json.errors.map(String) : [];
  throw new ApiError(method, path, response.status, errors, json);
}

export const get = (path, options) => call("GET", path, undefined, options);
// vault-compat: GET with ?list=true is the same operation as LIST (and needs "list"); the path is kept for 403s
export const list = (path) => call("GET", path + "?list=true");
export const post = (path, body) => call("POST", path, body === undefined ? {} : body);
export const del = (path) => call("DELETE", path);

/** The capability a method needs (vault-compat: dataplane spec 3.3; POST is create or update). */
export function neededCapability(method) {
  return { GET: "read", LIST: "list", DELETE: "delete", POST: "create or update", PUT: "create or update",
    PATCH: "patch" }[method] || method.toLowerCase();
}

/**
 * For a 403: what the token holds on the path (sys/capabilities-self, a Vault API) and what the request needed.
 * Returns a sentence; never throws.
 */
export async function explainDenied(error) {
  const need = /[?&]list=true/.test(error.path) ? "list" : neededCapability(error.method);
  const path = error.path.replace(/\?.*$/, "");
  if (!token()) return `You are not logged in: log in with a token that has "${need}" on "${path}".`;
  try {
    const answer = await post("sys/capabilities-self", { paths: [path] });
    const held = (answer && answer.data && answer.data[path]) || answer[path] || [];
    return `Your token's policies give ${JSON.stringify(held)} on "${path}"; this needs "${need}".`;
  } catch (e) {
    return `This needs "${need}" on "${path}" (sys/capabilities-self could not say what your token holds: `
      + `${e.message}).`;
  }
}
