// Secrets: the mounts list, a KV v2 browser (folders, values masked until revealed, copy, create, edit as a new
// version, history with deleted/destroyed marks, delete/undelete/destroy, metadata) and KV v1 read/write.
//
// Routes: #/secrets                       mounts
//         #/secrets/<mount>/list/<prefix>  a folder
//         #/secrets/<mount>/show/<path>    a secret (?version=N for an older one)
//         #/secrets/<mount>/edit/<path>    a new version (v2) or a rewrite (v1)
//         #/secrets/<mount>/create/<prefix> a new secret under a folder
// <mount> is one URL-encoded segment ("secret/" -> "secret%2F"); path segments are encoded one by one.
import { badge, encodePath, facts, h } from "./dom.js";
import { ApiError, call, del, get, list, post } from "./api.js";

const href = (mount, action, path = "") => `#/secrets/${encodeURIComponent(mount)}/${action}/${encodePath(path)}`;

export async function secretsPage(ctx, path, params) {
  const parts = path.split("/").slice(2); // after "", "secrets"
  if (parts.length === 0 || parts[0] === "") return mountsView(ctx);
  const mount = decodeURIComponent(parts[0]);
  const action = parts[1] || "list";
  const rest = parts.slice(2).map(decodeURIComponent).join("/");
  const info = await mountInfo(mount);
  if (!ctx.current()) return;
  const v2 = info.type === "kv" && info.options && info.options.version === "2";
  ctx.main.append(h("h1", {}, "Secrets"), crumbs(mount, rest, action));
  if (info.type !== "kv") {
    ctx.main.append(h("p", {}, `"${mount}" is a ${info.type} mount; this UI browses kv mounts only.`));
    return;
  }
  const s = { ctx, mount, v2, info };
  if (action === "list") return folderView(s, rest);
  if (action === "show") return secretView(s, rest, params.get("version"));
  if (action === "edit") return editView(s, rest, false);
  if (action === "create") return editView(s, rest, true);
  if (action === "metadata") return metadataView(s, rest);
  ctx.main.append(h("p", {}, "No such page."));
}

/** vault-compat: the UI finds a mount's type and KV version as the CLI does, through sys/internal/ui/mounts. */
async function mountInfo(mount) {
  const answer = await get("sys/internal/ui/mounts/" + encodePath(mount.replace(/\/$/, "")));
  return answer.data;
}

function crumbs(mount, path, action) {
  const out = [h("a", { href: "#/secrets" }, "Secrets"), "/", h("a", { href: href(mount, "list") }, mount)];
  const segments = path.split("/").filter(Boolean);
  let sofar = "";
  segments.forEach((seg, i) => {
    const last = i === segments.length - 1;
    sofar += seg + (last && action !== "list" && action !== "create" ? "" : "/");
    out.push(last && action !== "list" && action !== "create"
      ? h("span", {}, seg)
      : h("a", { href: href(mount, "list", sofar) }, seg + "/"));
  });
  return h("nav", { class: "crumbs", "aria-label": "Breadcrumb" }, out);
}

async function mountsView(ctx) {
  const answer = await get("sys/mounts");
  if (!ctx.current()) return;
  const mounts = answer.data || {};
  const rows = Object.keys(mounts).sort().map((path) => {
    const m = mounts[path];
    const version = m.type === "kv" ? (m.options && m.options.version === "2" ? "v2" : "v1") : "";
    return h("tr", {},
      h("td", {}, m.type === "kv" ? h("a", { href: href(path, "list"), class: "mount-link" }, path) : path),
      h("td", {}, m.type + (version ? ` (${version})` : "")),
      h("td", {}, m.description || ""));
  });
  ctx.main.append(h("h1", {}, "Secrets"), h("div", { class: "card" },
    h("table", { class: "responsive", id: "mounts" },
      h("thead", {}, h("tr", {}, h("th", {}, "Path"), h("th", {}, "Type"), h("th", {}, "Description"))),
      h("tbody", {}, rows))));
}

async function folderView(s, prefix) {
  const { ctx, mount, v2 } = s;
  const base = mount + (v2 ? "metadata/" : "");
  let keys = [];
  try {
    const answer = await list(encodePath(base + prefix));
    keys = answer.data.keys || [];
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404)) throw err; // vault-compat: an empty folder is a 404
  }
  if (!ctx.current()) return;
  const rows = keys.map((k) => h("li", {}, k.endsWith("/")
    ? h("a", { href: href(mount, "list", prefix + k), class: "folder" }, "📁 " + k)
    : h("a", { href: href(mount, "show", prefix + k), class: "secret-link" }, k)));
  ctx.main.append(
    h("div", { class: "actions" },
      h("a", { class: "button", id: "create-secret", href: href(mount, "create", prefix) }, "Create secret"),
      v2 ? null : h("span", { class: "muted" }, "KV version 1: no versions or metadata.")),
    h("div", { class: "card" }, keys.length
      ? h("ul", { id: "secret-list" }, rows)
      : h("p", { class: "muted", id: "secret-list-empty" }, "No secrets here yet.")));
}

/** A value masked until revealed; copy puts the value on the clipboard without showing it. */
function secretValue(value, index) {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  const shown = h("span", { class: "secret-value", id: `value-${index}` }, "••••••••");
  let revealed = false;
  const reveal = h("button", { type: "button", class: "secondary", id: `reveal-${index}`, "aria-pressed": "false" },
    "Reveal");
  reveal.addEventListener("click", () => {
    revealed = !revealed;
    shown.textContent = revealed ? text : "••••••••"; // text, never markup
    reveal.textContent = revealed ? "Hide" : "Reveal";
    reveal.setAttribute("aria-pressed", String(revealed));
  });
  const note = h("span", { class: "muted", "aria-live": "polite" });
  const copy = h("button", { type: "button", class: "secondary", id: `copy-${index}` }, "Copy");
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(text);
      note.textContent = "copied";
    } catch (e) {
      note.textContent = "the browser refused the clipboard: " + e.message;
    }
  });
  return [shown, h("div", { class: "actions" }, reveal, copy, note)];
}

function dataTable(data) {
  const keys = Object.keys(data || {}).sort();
  return h("table", { class: "responsive", id: "secret-data" },
    h("thead", {}, h("tr", {}, h("th", {}, "Key"), h("th", {}, "Value"))),
    h("tbody", {}, keys.map((k, i) => h("tr", {},
      h("td", { class: "mono secret-key" }, k), h("td", {}, secretValue(data[k], i))))));
}

async function secretView(s, path, version) {
  const { ctx, mount, v2 } = s;
  if (!v2) return secretViewV1(s, path);
  const query = version ? "?version=" + encodeURIComponent(version) : "";
  let read = null;
  let readError = null;
  try {
    read = await get(encodePath(mount + "data/" + path) + query);
  } catch (err) {
    // vault-compat: a deleted or destroyed version is a 404 whose body still carries its metadata
    if (err instanceof ApiError && err.status === 404 && err.body && err.body.data) read = err.body;
    else readError = err;
  }
  let meta = null;
  let metaError = null;
  try {
    meta = (await get(encodePath(mount + "metadata/" + path))).data;
  } catch (err) {
    metaError = err;
  }
  if (!ctx.current()) return;
  if (readError && metaError) throw readError;
  const vmeta = read ? read.data.metadata : null;
  const shownVersion = vmeta ? vmeta.version : Number(version || (meta && meta.current_version));
  const head = h("div", { class: "card", id: "secret-card" },
    h("h2", {}, path, " ", h("span", { class: "muted", id: "secret-version" }, `version ${shownVersion}`),
      meta && shownVersion !== meta.current_version ? h("span", {}, " ", badge("not current", "warn")) : null));
  ctx.main.append(head);
  if (readError) head.append(ctx.error(readError));
  if (vmeta && vmeta.destroyed) {
    head.append(h("p", { id: "secret-state" }, badge("destroyed", "bad"), " This version's data is gone for good."));
  } else if (vmeta && vmeta.deletion_time && new Date(vmeta.deletion_time) <= new Date()) {
    head.append(h("p", { id: "secret-state" }, badge("deleted", "warn"),
      ` Deleted at ${vmeta.deletion_time}; it can be undeleted.`));
  } else if (read && read.data.data) {
    head.append(dataTable(read.data.data));
  }
  const out = h("div", { "aria-live": "polite", id: "secret-action-result" });
  head.append(versionActions(s, path, shownVersion, vmeta, out), out);
  if (meta) ctx.main.append(historyCard(s, path, meta, shownVersion));
  else if (metaError) ctx.main.append(h("div", { class: "card" }, h("h2", {}, "History"), ctx.error(metaError)));
}

function versionActions(s, path, version, vmeta, out) {
  const { ctx, mount } = s;
  const deleted = vmeta && vmeta.deletion_time && new Date(vmeta.deletion_time) <= new Date();
  const destroyed = vmeta && vmeta.destroyed;
  const act = (what, apiPath) => async () => {
    out.replaceChildren();
    try {
      await post(encodePath(mount + apiPath + "/" + path), { versions: [version] });
      ctx.go(href(mount, "show", path) + `?version=${version}&t=${Date.now()}`);
    } catch (err) {
      out.append(ctx.error(err));
    }
  };
  const destroy = h("button", { type: "button", class: "danger", id: "secret-destroy" }, "Destroy version");
  destroy.addEventListener("click", () => {
    // two steps, inline: a destroyed version cannot come back
    if (destroy.dataset.armed) return act("destroy", "destroy")();
    destroy.dataset.armed = "1";
    destroy.textContent = `Really destroy version ${version}? Click again`;
  });
  return h("div", { class: "actions" },
    h("a", { class: "button", id: "secret-edit", href: href(mount, "edit", path) }, "Create new version"),
    !deleted && !destroyed
      ? h("button", { type: "button", class: "secondary", id: "secret-delete", onclick: act("delete", "delete") },
        "Delete version")
      : null,
    deleted && !destroyed
      ? h("button", { type: "button", class: "secondary", id: "secret-undelete", onclick: act("undelete", "undelete") },
        "Undelete version")
      : null,
    destroyed ? null : destroy,
    h("a", { class: "button secondary", id: "secret-metadata", href: href(mount, "metadata", path) }, "Metadata"));
}

function historyCard(s, path, meta, shownVersion) {
  const versions = Object.keys(meta.versions || {}).map(Number).sort((a, b) => b - a);
  const rows = versions.map((v) => {
    const m = meta.versions[String(v)];
    const deleted = m.deletion_time && new Date(m.deletion_time) <= new Date();
    const state = m.destroyed ? badge("destroyed", "bad") : deleted ? badge("deleted", "warn")
      : v === meta.current_version ? badge("current", "ok") : badge("kept", "muted");
    return h("tr", { id: `history-${v}` },
      h("td", {}, v === shownVersion ? h("strong", {}, `Version ${v}`)
        : h("a", { href: href(s.mount, "show", path) + `?version=${v}`, id: `history-link-${v}` }, `Version ${v}`)),
      h("td", {}, m.created_time), h("td", {}, state));
  });
  return h("div", { class: "card" }, h("h2", {}, "Version history"),
    facts([["Current version", String(meta.current_version)], ["Oldest version", String(meta.oldest_version)],
      ["Max versions", meta.max_versions ? String(meta.max_versions) : "0 (the mount's setting, 10 if unset)"],
      ["CAS required", String(meta.cas_required)]]),
    h("table", { class: "responsive", id: "history" },
      h("thead", {}, h("tr", {}, h("th", {}, "Version"), h("th", {}, "Created"), h("th", {}, "State"))),
      h("tbody", {}, rows)));
}

async function secretViewV1(s, path) {
  const { ctx, mount } = s;
  const answer = await get(encodePath(mount + path));
  if (!ctx.current()) return;
  const out = h("div", { "aria-live": "polite" });
  const remove = h("button", { type: "button", class: "danger", id: "secret-delete" }, "Delete");
  remove.addEventListener("click", async () => {
    if (!remove.dataset.armed) {
      remove.dataset.armed = "1";
      remove.textContent = "Really delete? Click again";
      return;
    }
    try {
      await del(encodePath(mount + path));
      ctx.go(href(mount, "list", path.replace(/[^/]*$/, "")));
    } catch (err) {
      out.append(ctx.error(err));
    }
  });
  ctx.main.append(h("div", { class: "card", id: "secret-card" }, h("h2", {}, path), dataTable(answer.data),
    h("div", { class: "actions" },
      h("a", { class: "button", id: "secret-edit", href: href(mount, "edit", path) }, "Edit"), remove), out));
}

/** Key/value rows; values are password-type inputs (masked) with a per-row reveal. */
function kvRows(data) {
  const box = h("div", { id: "kv-rows", class: "stack" });
  const add = (k = "", v = "") => {
    const i = box.children.length;
    const value = h("input", { type: "password", class: "kv-value", id: `kv-value-${i}`, value: v,
      autocomplete: "off", spellcheck: "false", "aria-label": "Value" });
    const row = h("div", { class: "kv-row" },
      h("input", { type: "text", class: "kv-key", id: `kv-key-${i}`, value: k, placeholder: "key",
        "aria-label": "Key", spellcheck: "false" }),
      value,
      h("div", { class: "actions" },
        h("button", { type: "button", class: "secondary", onclick: () => {
          value.type = value.type === "password" ? "text" : "password";
        } }, "Show"),
        h("button", { type: "button", class: "secondary", onclick: () => row.remove() }, "Remove")));
    box.append(row);
  };
  const entries = Object.entries(data || {});
  if (entries.length === 0) add();
  for (const [k, v] of entries) add(k, typeof v === "string" ? v : JSON.stringify(v));
  const addButton = h("button", { type: "button", class: "secondary", id: "kv-add", onclick: () => add() },
    "Add key");
  const collect = () => {
    const out = {};
    for (const row of box.children) {
      const k = row.querySelector(".kv-key").value.trim();
      if (k) out[k] = row.querySelector(".kv-value").value;
    }
    return out;
  };
  return { box, addButton, collect };
}

async function editView(s, where, creating) {
  const { ctx, mount, v2 } = s;
  let current = {};
  let currentVersion = 0;
  if (!creating) {
    if (v2) {
      const meta = (await get(encodePath(mount + "metadata/" + where))).data;
      currentVersion = meta.current_version;
      try {
        current = (await get(encodePath(mount + "data/" + where))).data.data || {};
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 404)) throw err; // latest deleted: start empty
      }
    } else {
      current = (await get(encodePath(mount + where))).data || {};
    }
  }
  if (!ctx.current()) return;
  const pathInput = h("input", { id: "secret-path", type: "text", value: creating ? where : where,
    readonly: !creating, required: true, spellcheck: "false" });
  const rows = kvRows(current);
  const out = h("div", { "aria-live": "polite", id: "secret-save-result" });
  const form = h("form", { class: "stack", id: "secret-form" },
    h("label", {}, "Path", pathInput),
    h("div", {}, h("strong", {}, "Data"), rows.box, h("div", { class: "actions" }, rows.addButton)),
    v2 && !creating ? h("p", { class: "muted" },
      `Saving writes version ${currentVersion + 1} (check-and-set on version ${currentVersion}).`) : null,
    h("div", { class: "actions" },
      h("button", { type: "submit", id: "secret-save" }, creating ? "Create" : "Save"),
      h("a", { class: "button secondary", href: creating ? href(mount, "list", where) : href(mount, "show", where) },
        "Cancel")),
    out);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    out.replaceChildren();
    const path = pathInput.value.trim().replace(/^\/+/, "");
    if (!path || path.endsWith("/")) {
      out.append(h("div", { class: "error" }, "The path must name a secret, not a folder."));
      return;
    }
    try {
      if (v2) {
        // check-and-set: a concurrent writer's version is never overwritten unseen (0 = must not exist yet)
        await post(encodePath(mount + "data/" + path), { data: rows.collect(), options: { cas: currentVersion } });
      } else {
        await call("POST", encodePath(mount + path), rows.collect());
      }
      ctx.go(href(mount, "show", path) + "?t=" + Date.now());
    } catch (err) {
      out.append(ctx.error(err));
    }
  });
  ctx.main.append(h("div", { class: "card" }, h("h2", {}, creating ? "Create secret" : `Edit ${where}`), form));
  (creating ? pathInput : form.querySelector(".kv-value")).focus();
}

async function metadataView(s, path) {
  const { ctx, mount } = s;
  if (!s.v2) {
    ctx.main.append(h("p", {}, "KV version 1 has no metadata."));
    return;
  }
  const meta = (await get(encodePath(mount + "metadata/" + path))).data;
  if (!ctx.current()) return;
  const max = h("input", { id: "meta-max-versions", type: "number", min: "0", value: String(meta.max_versions) });
  const cas = h("input", { id: "meta-cas-required", type: "checkbox", checked: meta.cas_required });
  const after = h("input", { id: "meta-delete-after", type: "text", value: meta.delete_version_after || "0s" });
  const out = h("div", { "aria-live": "polite", id: "meta-result" });
  const form = h("form", { class: "stack", id: "meta-form" },
    h("label", {}, "Max versions (0: the mount's setting)", max),
    h("label", { class: "inline" }, cas, "Require check-and-set on writes (cas_required)"),
    h("label", {}, "Delete versions after (a duration, 0s: never)", after),
    h("div", { class: "actions" }, h("button", { type: "submit", id: "meta-save" }, "Save metadata"),
      h("a", { class: "button secondary", href: href(mount, "show", path) }, "Back to the secret")),
    out);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    out.replaceChildren();
    try {
      await post(encodePath(mount + "metadata/" + path), { max_versions: Number(max.value),
        cas_required: cas.checked, delete_version_after: after.value.trim() });
      out.append(h("div", { class: "success" }, "Saved."));
    } catch (err) {
      out.append(ctx.error(err));
    }
  });
  ctx.main.append(h("div", { class: "card" }, h("h2", {}, `Metadata of ${path}`),
    facts([["Created", meta.created_time], ["Updated", meta.updated_time],
      ["Current version", String(meta.current_version)]]), form));
}

