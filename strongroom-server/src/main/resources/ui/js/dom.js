// Building DOM nodes without HTML strings: every value goes in as a text node (textContent), never through
// innerHTML, so a secret whose value is "<script>" is shown as those characters.

/**
 * h("button", {id: "x", class: "secondary", onclick: fn}, "text", childNode, ...)
 * Attributes starting with "on" become event listeners; "class" sets className; booleans set/clear the attribute;
 * children that are strings or numbers become text nodes; null/undefined/false children are skipped.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      el.addEventListener(name.slice(2), value);
    } else if (name === "class") {
      el.className = value;
    } else if (name === "value") {
      el.value = value;
    } else if (name === "checked") {
      el.checked = !!value;
    } else if (value === true) {
      el.setAttribute(name, "");
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces the children of el with the given nodes/strings. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A definition list of [label, value] pairs; values may be nodes. */
export function facts(pairs) {
  return h("dl", { class: "facts" }, pairs.filter(Boolean).map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
}

export function badge(text, kind) {
  return h("span", { class: "badge " + kind }, text);
}

/** Encodes each segment of a slash-separated path for a URL, keeping the slashes. */
export function encodePath(path) {
  return path.split("/").map(encodeURIComponent).join("/");
}
