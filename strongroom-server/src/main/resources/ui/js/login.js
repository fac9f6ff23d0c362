// Log in with a token: checked with auth/token/lookup-self before it is kept (in sessionStorage only).
import { h } from "./dom.js";
import { call, setToken } from "./api.js";

export async function loginPage(ctx) {
  const input = h("input", { id: "login-token", type: "password", autocomplete: "off", required: true,
    spellcheck: "false" });
  const status = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "stack", id: "login-form" },
    h("label", {}, "Token", input),
    h("div", { class: "actions" }, h("button", { type: "submit", id: "login-submit" }, "Log in")),
    status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    status.replaceChildren();
    const value = input.value.trim();
    try {
      // the token is tried before it is kept: a wrong one shows the server's message and is never stored
      const answer = await fetchSelf(value);
      setToken(value);
      input.value = "";
      await ctx.refreshWho();
      status.append(h("div", { class: "success" }, `Logged in as ${answer.data.display_name}.`));
      ctx.go("#/secrets");
    } catch (err) {
      status.append(ctx.error(err));
    }
  });
  ctx.main.append(h("h1", {}, "Log in"),
    h("div", { class: "card" },
      h("p", { class: "muted" }, "Method: token. The token stays in this tab's session storage only."), form));
  input.focus();
}

async function fetchSelf(value) {
  const previous = sessionStorage.getItem("strongroom.token");
  setToken(value);
  try {
    return await call("GET", "auth/token/lookup-self");
  } finally {
    setToken(previous);
  }
}
