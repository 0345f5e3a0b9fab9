/**
 * The item grid: a real <table>, key attributes first, then every other
 * attribute name on the page in the order first met. Cells are compact:
 * scalars as text, sets, lists and maps as a <details> whose summary
 * previews them and opens to the whole value.
 *
 * A page is at most a few hundred rows, rendered whole into a fragment;
 * the time it took is kept on `grid.dataset.renderMs` (the e2e spec prints it).
 */
import { h } from "./dom.js";
import { containerSize, isContainer, keyText, preview, typeOf, valueText } from "./values.js";

function cell(av) {
  if (av === undefined) return h("td", { class: "empty" });
  const type = typeOf(av);
  if (isContainer(av)) {
    return h("td", { class: `t-${type}` },
      h("details", {}, h("summary", {}, h("span", { class: "badge" }, `${type} · ${containerSize(av)}`), " ", preview(av, 48)),
        h("pre", {}, valueText(av))));
  }
  const text = preview(av, 80);
  return h("td", { class: `t-${type}`, title: text.endsWith("…") ? String(av[type]).slice(0, 2000) : null }, text);
}

/** Column names: keys first, then the union of the page's other attribute names. */
export function columnsOf(items, keyNames) {
  const names = new Set(keyNames);
  for (const item of items) for (const name of Object.keys(item)) names.add(name);
  return [...names];
}

/**
 * @param items  the page's items
 * @param keyNames  key attributes, shown first (the first one is the row's link)
 * @param onOpen  (item) => void, or null for rows that cannot be opened (PartiQL projections)
 * @param caption  the table's caption (its accessible name)
 */
export function renderGrid(items, keyNames, { onOpen, caption }) {
  const t0 = performance.now();
  const columns = columnsOf(items, keyNames);
  const keys = new Set(keyNames);
  const body = document.createDocumentFragment();
  for (const item of items) {
    const row = h("tr");
    columns.forEach((name, i) => {
      if (i === 0 && onOpen && item[name] !== undefined) {
        row.append(h("td", { class: `t-${typeOf(item[name])} key` },
          h("a", { href: "#", class: "open-item", "aria-label": `Open item ${keyText(item, keyNames)}`,
            onclick: (e) => { e.preventDefault(); onOpen(item); } }, preview(item[name], 80))));
      } else {
        const td = cell(item[name]);
        if (keys.has(name)) td.classList.add("key");
        row.append(td);
      }
    });
    body.append(row);
  }
  const table = h("table", { class: "grid" },
    h("caption", { class: "visually-hidden" }, caption),
    h("thead", {}, h("tr", {}, columns.map((name) =>
      h("th", { scope: "col", class: keys.has(name) ? "key" : null, title: keys.has(name) ? "key attribute" : null }, name)))),
    h("tbody", {}, body));
  if (!items.length) table.tBodies[0].append(h("tr", {}, h("td", { colspan: Math.max(columns.length, 1), class: "none" }, "No items on this page.")));
  table.dataset.renderMs = (performance.now() - t0).toFixed(2);
  return table;
}
