// Status and unseal: sys/seal-status (unauthenticated), the initialize form on a fresh server, the key-share form
// while sealed, and the KMS key ARN and region when a token may read them.
import { badge, facts, h, replace } from "./dom.js";
import { get, post, setToken, token } from "./api.js";

export async function statusPage(ctx) {
  const status = await get("sys/seal-status", { anonymous: true });
  if (!ctx.current()) return;
  ctx.main.append(h("h1", {}, "Status"));
  if (!status.initialized) {
    ctx.main.append(initCard(ctx, status));
    return;
  }
  const summary = h("div", { class: "card", id: "seal-summary" });
  ctx.main.append(summary);
  drawSummary(summary, status);
  if (status.type !== "shamir") {
    const kms = h("div", { class: "card", id: "kms-key" }, h("h2", {}, "KMS key"));
    ctx.main.append(kms);
    drawKmsKey(ctx, kms);
  }
  if (status.sealed) {
    ctx.main.append(unsealCard(ctx, status, summary));
  }
  ctx.main.append(h("div", { class: "actions" },
    h("button", { type: "button", class: "secondary", id: "status-refresh", onclick: () => ctx.go("#/status?t=" + Date.now()) },
      "Refresh")));
}

function drawSummary(card, s) {
  const shares = s.recovery_seal ? "recovery key shares" : "unseal key shares";
  replace(card,
    h("h2", {}, "Seal"),
    facts([
      ["State", s.sealed ? badge("Sealed", "bad") : badge("Unsealed", "ok")],
      ["Seal type", h("span", { id: "seal-type" }, s.type)],
      s.recovery_seal ? ["Recovery seal type", s.recovery_seal_type || "shamir"] : null,
      ["Threshold", `${s.t} of ${s.n} ${shares}`],
      s.sealed ? ["Unseal progress", h("span", { id: "unseal-progress" }, `${s.progress}/${s.t}`)] : null,
      ["Version", s.version],
      s.cluster_name ? ["Cluster", s.cluster_name] : null,
      s.storage_type ? ["Storage", s.storage_type] : null,
    ]));
}

/** The KMS key ARN: the current key of sys/seal/key-usage (needs a token); its region is the ARN's fourth field. */
async function drawKmsKey(ctx, card) {
  if (!token()) {
    card.append(h("p", { class: "muted" }, "Log in to see the KMS key ARN and region."));
    return;
  }
  try {
    const answer = await get("sys/seal/key-usage");
    const arn = answer.data.current_key_id;
    card.append(facts([["Key ARN", h("span", { id: "kms-arn", class: "mono" }, arn)],
      ["Region", h("span", { id: "kms-region" }, regionOf(arn))]]));
  } catch (err) {
    card.append(h("p", { class: "muted" }, "The key ARN could not be read:"), ctx.error(err));
  }
}

export function regionOf(arn) {
  const parts = String(arn).split(":");
  return parts.length > 4 && parts[0] === "arn" ? parts[3] : "(not an ARN)";
}

function unsealCard(ctx, status, summary) {
  const what = status.recovery_seal ? "Recovery key share" : "Unseal key share";
  const input = h("input", { id: "unseal-key", type: "password", autocomplete: "off", spellcheck: "false",
    required: true });
  const out = h("div", { "aria-live": "polite", id: "unseal-result" });
  const form = h("form", { class: "stack", id: "unseal-form" },
    h("label", {}, `${what} (hex or base64)`, input),
    h("div", { class: "actions" },
      h("button", { type: "submit", id: "unseal-submit" }, "Unseal"),
      h("button", { type: "button", class: "secondary", id: "unseal-reset", onclick: reset }, "Reset progress")),
    out);
  async function show(answer) {
    drawSummary(summary, answer);
    out.replaceChildren(answer.sealed
      ? h("div", { class: "notice" }, `Share accepted: ${answer.progress} of ${answer.t}.`)
      : h("div", { class: "success", id: "unsealed" }, "Unsealed."));
    if (!answer.sealed) form.querySelector("#unseal-submit").disabled = true;
  }
  async function reset() {
    out.replaceChildren();
    try {
      await show(await post("sys/unseal", { reset: true }));
    } catch (err) {
      out.append(ctx.error(err));
    }
  }
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    out.replaceChildren();
    const key = input.value.trim();
    input.value = ""; // never left in the page
    try {
      await show(await post("sys/unseal", { key }));
    } catch (err) {
      out.append(ctx.error(err));
    }
  });
  return h("div", { class: "card" }, h("h2", {}, "Unseal"),
    h("p", {}, status.recovery_seal
      ? "After a manual seal, enter recovery key shares one at a time until the threshold is reached. (A server "
        + "that could not reach its KMS key at start unseals itself once the key answers.)"
      : "Enter unseal key shares, one at a time, until the threshold is reached."), form);
}

function initCard(ctx, status) {
  const recovery = status.recovery_seal || status.type !== "shamir";
  const prefix = recovery ? "recovery" : "secret";
  const shares = h("input", { id: "init-shares", type: "number", min: "1", max: "255", value: "5", required: true });
  const threshold = h("input", { id: "init-threshold", type: "number", min: "1", max: "255", value: "3",
    required: true });
  const out = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "stack", id: "init-form" },
    h("label", {}, recovery ? "Recovery key shares" : "Key shares", shares),
    h("label", {}, recovery ? "Recovery key threshold" : "Key threshold", threshold),
    h("div", { class: "actions" }, h("button", { type: "submit", id: "init-submit" }, "Initialize")), out);
  const card = h("div", { class: "card", id: "init-card" },
    h("h2", {}, "Initialize"),
    h("p", {}, recovery
      ? `This server is not initialized. Its seal (${status.type}) unseals it on start; the recovery key shares `
        + "made now authorize operations such as unsealing after a manual seal."
      : "This server is not initialized. The unseal key shares made now are needed at every start."),
    form);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    out.replaceChildren();
    const body = {};
    body[prefix + "_shares"] = Number(shares.value);
    body[prefix + "_threshold"] = Number(threshold.value);
    try {
      const answer = await post("sys/init", body);
      replace(card, keysOnce(ctx, answer, recovery));
    } catch (err) {
      out.append(ctx.error(err));
    }
  });
  return card;
}

/** The keys, shown once: kept only in this page's memory, offered as a JSON download. */
function keysOnce(ctx, answer, recovery) {
  const keys = recovery ? (answer.recovery_keys_base64 || []) : (answer.keys_base64 || []);
  const download = () => {
    const blob = new Blob([JSON.stringify(answer, null, 2) + "\n"], { type: "application/json" });
    const link = h("a", { href: URL.createObjectURL(blob), download: "strongroom-init.json" });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  };
  return h("div", { id: "init-keys" },
    h("h2", {}, "Initialized: save these now"),
    h("div", { class: "notice", role: "alert" },
      h("strong", {}, "These keys are shown once. "),
      `Store the ${recovery ? "recovery" : "unseal"} key shares with different people, and revoke the root `
      + "token once other tokens exist. Nothing here is kept by this page or the server."),
    h("h3", {}, recovery ? "Recovery key shares (base64)" : "Unseal key shares (base64)"),
    h("ol", { class: "keys-once", id: "init-key-list" }, keys.map((k) => h("li", {}, k))),
    h("h3", {}, "Root token"),
    h("p", { class: "mono", id: "init-root-token" }, answer.root_token),
    h("div", { class: "actions" },
      h("button", { type: "button", class: "secondary", id: "init-download", onclick: download },
        "Download keys as JSON"),
      h("button", { type: "button", id: "init-continue", onclick: async () => {
        setToken(answer.root_token);
        await ctx.refreshWho();
        ctx.go("#/status?t=" + Date.now());
      } }, "I have saved them: log in with the root token")));
}

