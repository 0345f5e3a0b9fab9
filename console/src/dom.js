/**
 * A few lines of DOM building instead of a UI library: the console's screens
 * are forms and tables, re-rendered whole when their data changes, which
 * plain elements do fast enough (a 100-row grid renders in a few ms).
 *
 *   h("button", { type: "button", onclick }, "Save")
 *
 * Attributes: `class`, `for`, `aria-*`, `data-*`, `role` etc. are set as
 * attributes; `on*` functions become listeners; other keys are properties
 * (value, checked, disabled...). Children: nodes, strings, arrays, null.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value == null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "class" || key === "for" || key === "role" || key === "style" || key === "list"
      || key.includes("-")) el.setAttribute(key, value === true ? "" : String(value));
    else el[key] = value;
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** Replace an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

let lastId = 0;
const idFor = (el) => el.id || (el.id = `f${++lastId}`);

/** A labelled control: <label for> names it, and a hint describes it (aria-describedby). */
export function field(text, control, hint) {
  const hintEl = hint ? h("span", { class: "hint", id: `h${++lastId}` }, hint) : null;
  if (hintEl) control.setAttribute("aria-describedby", hintEl.id);
  return h("div", { class: "field" }, h("label", { class: "field-label", for: idFor(control) }, text), control, hintEl);
}

export function select(options, value, attrs = {}) {
  return h("select", attrs, options.map((o) => {
    const [v, text] = Array.isArray(o) ? o : [o, o];
    return h("option", { value: v, selected: v === value }, text);
  }));
}
