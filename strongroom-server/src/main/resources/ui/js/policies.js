// Policies: list (sys/policies/acl), read with highlighting, create and edit with the server's parse error shown
// at its line.
import { encodePath, h } from "./dom.js";
import { ApiError, get, list, post } from "./api.js";
import { errorLine, highlight } from "./hcl.js";

const href = (name, action = "") => `#/policies/${encodeURIComponent(name)}${action ? "/" + action : ""}`;

export async function policiesPage(ctx, path) {
  const parts = path.split("/").slice(2).map(decodeURIComponent);
  ctx.main.append(h("h1", {}, "Policies"),
    h("nav", { class: "crumbs", "aria-label": "Breadcrumb" }, h("a", { href: "#/policies" }, "Policies"),
      parts[0] && parts[0] !== "-new" ? ["/", h("span", {}, parts[0])] : null));
  if (parts.length === 0 || parts[0] === "") return listView(ctx);
  if (parts[0] === "-new") return editView(ctx, "", true);
  if (parts[1] === "edit") return editView(ctx, parts[0], false);
  return readView(ctx, parts[0]);
}

async function listView(ctx) {
  const keys = (await list("sys/policies/acl")).data.keys || [];
  if (!ctx.current()) return;
  ctx.main.append(
    h("div", { class: "actions" }, h("a", { class: "button", id: "policy-create", href: "#/policies/-new" },
      "Create policy")),
    h("div", { class: "card" }, h("ul", { id: "policy-list" },
      keys.map((k) => h("li", {}, h("a", { href: href(k), class: "policy-link" }, k))))));
}

async function readView(ctx, name) {
  const policy = (await get("sys/policies/acl/" + encodePath(name))).data.policy;
  if (!ctx.current()) return;
  ctx.main.append(h("div", { class: "card" }, h("h2", {}, name),
    h("pre", { class: "code", id: "policy-text" }, highlight(policy || "")),
    name === "root" ? null : h("div", { class: "actions" },
      h("a", { class: "button", id: "policy-edit", href: href(name, "edit") }, "Edit"))));
}

async function editView(ctx, name, creating) {
  let text = "";
  if (!creating) {
    try {
      text = (await get("sys/policies/acl/" + encodePath(name))).data.policy || "";
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404)) throw err;
    }
  }
  if (!ctx.current()) return;
  const nameInput = h("input", { id: "policy-name", type: "text", value: name, required: true, readonly: !creating,
    spellcheck: "false" });
  const area = h("textarea", { id: "policy-body", rows: "16", spellcheck: "false", "aria-label": "Policy (HCL)",
    value: text || 'path "secret/data/*" {\n  capabilities = ["read", "list"]\n}\n' });
  const gutter = h("pre", { class: "gutter", "aria-hidden": "true", id: "policy-gutter" });
  const drawGutter = (bad = 0) => {
    const count = area.value.split("\n").length;
    gutter.replaceChildren(...Array.from({ length: count }, (_, i) =>
      h("span", { class: i + 1 === bad ? "error-line" : "" }, String(i + 1))));
  };
  area.addEventListener("input", () => drawGutter());
  area.addEventListener("scroll", () => { gutter.scrollTop = area.scrollTop; });
  drawGutter();
  const out = h("div", { "aria-live": "polite", id: "policy-result" });
  const form = h("form", { class: "stack", id: "policy-form" },
    h("label", {}, "Name", nameInput),
    h("div", {}, h("strong", {}, "Policy"), h("div", { class: "editor" }, gutter, area)),
    h("div", { class: "actions" }, h("button", { type: "submit", id: "policy-save" }, "Save"),
      h("a", { class: "button secondary", href: creating ? "#/policies" : href(name) }, "Cancel")),
    out);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    out.replaceChildren();
    drawGutter();
    const target = nameInput.value.trim();
    try {
      await post("sys/policies/acl/" + encodePath(target), { policy: area.value });
      ctx.go(href(target.toLowerCase()));
    } catch (err) {
      const line = err instanceof ApiError && err.status === 400 ? errorLine(err.message, area.value) : 0;
      if (line > 0) {
        drawGutter(line);
        out.append(h("div", { class: "error", id: "policy-error-line", role: "alert" },
          h("strong", {}, `Line ${line}: `), area.value.split("\n")[line - 1] || ""));
        selectLine(area, line);
      }
      out.append(ctx.error(err));
    }
  });
  ctx.main.append(h("div", { class: "card" }, h("h2", {}, creating ? "Create policy" : `Edit ${name}`), form));
  (creating ? nameInput : area).focus();
}

/** Puts the caret on a line of the text area (keyboard users land on the error). */
function selectLine(area, line) {
  const lines = area.value.split("\n");
  let start = 0;
  for (let i = 0; i < line - 1; i++) start += lines[i].length + 1;
  area.focus();
  area.setSelectionRange(start, start + (lines[line - 1] || "").length);
}
