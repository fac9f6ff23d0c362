// The shell: a hash router (#/status, #/secrets/..., #/policies/..., #/keys, #/login), the header's login state,
// and one error box used by every page.
import { h, replace } from "./dom.js";
import { ApiError, explainDenied, get, setToken, token } from "./api.js";
import { statusPage } from "./status.js";
import { loginPage } from "./login.js";
import { secretsPage } from "./secrets.js";
import { policiesPage } from "./policies.js";
import { keysPage } from "./keys.js";

const main = document.getElementById("main");
let generation = 0; // a page left behind must not draw over the next one

/** The context a page gets: where to draw, how to report errors, whether it is still the current page. */
function context() {
  const mine = ++generation;
  return {
    main,
    current: () => mine === generation,
    go: (hash) => { location.hash = hash; },
    error: (err) => errorBox(err),
    refreshWho: () => refreshWho(),
  };
}

/** An error box with the server's message as text; a 403 also says which capability is missing on which path. */
export function errorBox(err) {
  const box = h("div", { class: "error", role: "alert" });
  if (err instanceof ApiError) {
    // Vault's multierror texts end in blank lines; the words are kept as the server sent them
    box.append(h("strong", {}, `${err.method} /v1/${err.path}: ${err.status || "no answer"}`), "\n",
      err.message.trimEnd());
    if (err.status === 403) {
      const why = h("div", { class: "denied-detail" }, "Checking your token's capabilities…");
      box.append(why);
      explainDenied(err).then((text) => replace(why, text));
    }
  } else {
    box.append(String(err && err.message ? err.message : err));
  }
  return box;
}

const routes = [
  [/^\/?$/, statusPage],
  [/^\/status$/, statusPage],
  [/^\/login$/, loginPage],
  [/^\/secrets(\/.*)?$/, secretsPage],
  [/^\/policies(\/.*)?$/, policiesPage],
  [/^\/keys$/, keysPage],
];

async function render() {
  const route = location.hash.replace(/^#/, "") || "/status";
  const [path, query] = route.split("?");
  const params = new URLSearchParams(query || "");
  const ctx = context();
  for (const link of document.querySelectorAll("#nav a, #nav-login")) {
    const target = link.getAttribute("href").slice(1);
    if (path === target || path.startsWith(target + "/")) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  const match = routes.find(([re]) => re.test(path));
  replace(main);
  if (!match) {
    main.append(h("h1", {}, "Not found"), h("p", {}, "No page here. "), h("a", { href: "#/status" }, "Status"));
    return;
  }
  try {
    await match[1](ctx, path, params);
  } catch (err) {
    if (ctx.current()) main.append(errorBox(err));
  }
  if (ctx.current()) main.focus({ preventScroll: true });
}

async function refreshWho() {
  const who = document.getElementById("who");
  const login = document.getElementById("nav-login");
  const logout = document.getElementById("logout");
  if (!token()) {
    replace(who);
    login.hidden = false;
    logout.hidden = true;
    return;
  }
  login.hidden = true;
  logout.hidden = false;
  try {
    const answer = await get("auth/token/lookup-self");
    const d = answer.data || {};
    replace(who, `${d.display_name || "token"} (${(d.policies || []).join(", ")})`);
  } catch (e) {
    replace(who, "token not usable now");
  }
}

document.getElementById("logout").addEventListener("click", () => {
  setToken(null);
  refreshWho();
  location.hash = "#/login";
});
window.addEventListener("hashchange", render);
refreshWho();
render();
