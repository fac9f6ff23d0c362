// Seal keys: the key inventory per KMS key ARN (GET sys/seal/key-usage) and the rewrap progress
// (GET sys/sealwrap/rewrap). While a rewrap runs, the page reads both again every two seconds.
import { badge, facts, h, replace } from "./dom.js";
import { get } from "./api.js";
import { regionOf } from "./status.js";

export async function keysPage(ctx) {
  ctx.main.append(h("h1", {}, "Seal keys"));
  const inventory = h("div", { class: "card", id: "key-inventory" }, h("h2", {}, "Keys"));
  const rewrap = h("div", { class: "card", id: "rewrap" }, h("h2", {}, "Rewrap"));
  ctx.main.append(inventory, rewrap);
  await draw(ctx, inventory, rewrap);
}

async function draw(ctx, inventory, rewrap) {
  let usage = null;
  try {
    usage = (await get("sys/seal/key-usage")).data;
    if (!ctx.current()) return;
    replace(inventory, h("h2", {}, "Keys"), facts([["Current key", h("span", { class: "mono" }, usage.current_key_id)],
      ["Entries", String(usage.total_entries)]]),
    h("table", { class: "responsive", id: "key-table" },
      h("thead", {}, h("tr", {}, h("th", {}, "KMS key ARN"), h("th", {}, "Region"), h("th", {}, "Entries"),
        h("th", {}, ""))),
      h("tbody", {}, Object.entries(usage.keys || {}).map(([arn, k]) => h("tr", {},
        h("td", { class: "mono" }, arn), h("td", {}, regionOf(arn)), h("td", {}, String(k.entries)),
        h("td", {}, k.current ? badge("current", "ok") : badge("older", "warn")))))));
  } catch (err) {
    if (!ctx.current()) return;
    replace(inventory, h("h2", {}, "Keys"), ctx.error(err));
  }
  let running = false;
  try {
    const r = (await get("sys/sealwrap/rewrap")).data;
    if (!ctx.current()) return;
    running = r.is_running;
    const total = usage ? usage.total_entries : 0;
    const bar = h("progress", { id: "rewrap-progress", max: String(Math.max(total, r.entries.processed, 1)),
      value: String(r.entries.processed) });
    replace(rewrap, h("h2", {}, "Rewrap"),
      facts([["State", r.is_running ? badge("running", "warn") : badge("idle", "muted")],
        ["Fully wrapped by the current key", r.fully_wrapped ? badge("yes", "ok") : badge("no", "warn")],
        ["Processed", `${r.entries.processed}${total ? " of " + total : ""}`],
        ["Succeeded", String(r.entries.succeeded)], ["Failed", String(r.entries.failed)]]),
      h("label", {}, "Progress", bar));
  } catch (err) {
    if (!ctx.current()) return;
    replace(rewrap, h("h2", {}, "Rewrap"), ctx.error(err));
  }
  if (running) {
    setTimeout(() => { if (ctx.current()) draw(ctx, inventory, rewrap); }, 2000);
  }
}
