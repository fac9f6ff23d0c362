// Highlighting of policy text (HCL 1): a tokenizer that returns nodes (spans with text), never HTML.
import { h } from "./dom.js";

const CAPS = new Set(["create", "read", "update", "patch", "delete", "list", "sudo", "deny", "subscribe"]);
const KEYS = new Set(["path", "capabilities", "policy", "allowed_parameters", "denied_parameters",
  "required_parameters", "min_wrapping_ttl", "max_wrapping_ttl", "comment", "name"]);

/** The highlighted text as a list of nodes (one text node or span per token). */
export function highlight(text) {
  const out = [];
  const re = /(#[^\n]*|\/\/[^\n]*|\/\*[\s\S]*?\*\/)|("(?:[^"\\\n]|\\.)*"?)|([A-Za-z_][A-Za-z0-9_-]*)|([{}[\]=,])|(\s+|.)/g;
  let m;
  while ((m = re.exec(text)) !== null) {
    if (m[1]) out.push(h("span", { class: "hl-comment" }, m[1]));
    else if (m[2]) {
      const inner = m[2].replace(/^"|"$/g, "");
      out.push(h("span", { class: CAPS.has(inner) ? "hl-cap" : "hl-string" }, m[2]));
    } else if (m[3]) out.push(KEYS.has(m[3]) ? h("span", { class: "hl-key" }, m[3]) : document.createTextNode(m[3]));
    else if (m[4]) out.push(h("span", { class: "hl-punct" }, m[4]));
    else out.push(document.createTextNode(m[5]));
  }
  return out;
}

/**
 * The line a policy error points at: "At LINE:COL:" (HCL syntax errors), "on line N" (unknown keys), or the line of
 * the stanza named in 'path "x": ...' (capability and wildcard errors, which Vault reports without a line).
 * Returns 0 when the message names no line.
 */
export function errorLine(message, text) {
  let m = /At (\d+):(\d+)/.exec(message);
  if (m) return Number(m[1]);
  m = /on line (\d+)/.exec(message);
  if (m && Number(m[1]) > 0) return Number(m[1]);
  m = /path "((?:[^"\\]|\\.)*)"/.exec(message);
  if (m) {
    const lines = text.split("\n");
    const i = lines.findIndex((l) => l.includes(`"${m[1]}"`));
    if (i >= 0) return i + 1;
  }
  return 0;
}
