/**
 * The console's shell: header, the table list beside every screen, the
 * alert region, and hash routing between screens.
 *
 *   #/                      tables               (views/tables.js)
 *   #/create                create a table       (views/create-table.js)
 *   #/partiql               PartiQL statements   (views/partiql.js)
 *   #/table/NAME            explore items        (views/table.js)
 *   #/table/NAME/settings   indexes, TTL, tags, deletion
 *   #/table/NAME/stream     its stream's records as they come (views/stream.js)
 *   #/table/NAME/item/KEY   one item (KEY: its key as DynamoDB JSON)
 *   #/table/NAME/new-item   a new item           (views/item.js)
 *
 * Every screen gets the same context: `call` (the backend's), `fail`
 * (show an error in the alert region, which leaves the app as it was),
 * `notify`, `go`, `onLeave` (run when the screen is left: a stream view
 * stops following) and state that outlives a screen (an explorer's page).
 */
import { ConsoleError } from "./backend.js";
import { fill, h } from "./dom.js";
import { formatBytes } from "./values.js";
import { bootView } from "./views/boot.js";
import { createTableView } from "./views/create-table.js";
import { itemView } from "./views/item.js";
import { partiqlView } from "./views/partiql.js";
import { TABLE_TABS, tableView } from "./views/table.js";
import { tablesView } from "./views/tables.js";


export function startConsole(root, backend) {
  const alert = h("div", { role: "alert", class: "alert", hidden: true });
  const status = h("div", { role: "status", class: "notice", "aria-live": "polite" });
  const main = h("main", { id: "main", tabindex: "-1" });
  const tableList = h("ul", { class: "table-list" });
  const storage = h("div", { class: "storage" });
  const nav = h("nav", { "aria-label": "Console" },
    h("a", { href: "#/", class: "nav-link" }, "Tables"),
    h("a", { href: "#/partiql", class: "nav-link" }, "PartiQL editor"),
    h("h2", { class: "nav-heading", id: "nav-tables" }, "Your tables"),
    h("div", { role: "group", "aria-labelledby": "nav-tables" }, tableList),
    h("a", { href: "#/create", class: "button primary small" }, "Create table"));

  fill(root,
    h("header", { class: "top" },
      h("a", { href: "#/", class: "brand" }, h("span", { class: "logo", "aria-hidden": "true" }, "◆"), " dynoxide ",
        h("span", { class: "brand-sub" }, "console")),
      h("span", { class: "where", title: backend.label }, backend.kind === "engine" ? "Browser engine · " : "Endpoint · ",
        h("code", {}, backend.label)),
      storage),
    h("div", { class: "shell" }, nav, h("div", { class: "content" }, alert, status, main)));

  let tableNames = [];
  const ctx = {
    backend,
    call: (op, request) => backend.call(op, request),
    state: new Map(), // table name -> explorer state
    go: (hash) => { location.hash = hash; },
    fail(err) {
      const e = err instanceof ConsoleError ? err : new ConsoleError(err?.type ?? err?.name ?? "Error", err?.message ?? String(err));
      fill(alert,
        h("div", { class: "alert-text" }, h("strong", {}, e.shortType), e.message ? ": " : "", e.message),
        h("button", { type: "button", class: "link", "aria-label": "Dismiss the error", onclick: () => { alert.hidden = true; } }, "Dismiss"));
      alert.hidden = false;
    },
    clearError() { alert.hidden = true; fill(alert); },
    notify(text) {
      status.textContent = text;
      clearTimeout(ctx.notifyTimer);
      ctx.notifyTimer = setTimeout(() => { status.textContent = ""; }, 5000);
    },
    /** Run an action; an error goes to the alert region and resolves undefined. */
    async attempt(action) {
      try {
        return await action();
      } catch (err) {
        ctx.fail(err);
        return undefined;
      }
    },
    async refreshTables() {
      const result = await ctx.attempt(() => ctx.call("ListTables", { Limit: 100 }));
      if (!result) return;
      tableNames = result.TableNames;
      renderTableList();
    },
    tableNames: () => tableNames,
    leaving: [],
    onLeave(fn) { ctx.leaving.push(fn); },
  };

  function renderTableList() {
    for (const link of nav.querySelectorAll(".nav-link")) {
      const here = link.getAttribute("href") === "#/partiql" ? location.hash === "#/partiql" : !/^#\/(partiql|create)/.test(location.hash);
      link.toggleAttribute("aria-current", false);
      if (here) link.setAttribute("aria-current", "page");
    }
    const current = decodeURIComponent((/^#\/table\/([^/]+)/.exec(location.hash) ?? [])[1] ?? "");
    fill(tableList, tableNames.length ? tableNames.map((name) => h("li", {},
      h("a", { href: `#/table/${encodeURIComponent(name)}`, "aria-current": name === current ? "page" : null }, name)))
      : h("li", { class: "muted" }, "No tables yet"));
  }

  async function route() {
    for (const fn of ctx.leaving.splice(0)) fn();
    ctx.clearError();
    renderTableList();
    const path = location.hash.replace(/^#/, "") || "/";
    const parts = path.split("/").slice(1).map(decodeURIComponent);
    const screen = h("div", { class: "screen" });
    fill(main, screen);
    const token = (ctx.routeToken = Symbol("route"));
    ctx.current = () => ctx.routeToken === token;
    if (parts[0] === "table" && parts[1]) {
      if (parts[2] === "item" || parts[2] === "new-item") await itemView(ctx, screen, parts[1], parts[2] === "item" ? parts[3] : null);
      else await tableView(ctx, screen, parts[1], TABLE_TABS.includes(parts[2]) ? parts[2] : "items");
    } else if (parts[0] === "create") await createTableView(ctx, screen);
    else if (parts[0] === "partiql") await partiqlView(ctx, screen);
    else await tablesView(ctx, screen);
  }

  async function start() {
    if (backend.ready) {
      const ok = await bootView(main, backend);
      if (!ok) return;
    }
    if (backend.storage) showStorage();
    addEventListener("hashchange", route);
    await ctx.refreshTables();
    await route();
    root.dataset.ready = "true";
  }

  async function showStorage() {
    const { mode } = backend.storage;
    const estimate = await backend.storage.estimate().catch(() => null);
    const persisted = estimate?.persisted;
    fill(storage,
      h("span", { class: `pill ${mode === "opfs" ? "ok" : "warn"}`, title: mode === "opfs" ? "kept in the origin-private file system" : "lost when the tab closes" },
        mode === "opfs" ? "OPFS" : mode),
      estimate?.usage != null ? h("span", { class: "muted" }, ` ${formatBytes(estimate.usage)} used`) : null,
      persisted ? h("span", { class: "pill ok" }, "persisted")
        : h("button", { type: "button", class: "small", onclick: async () => {
          const granted = await ctx.attempt(() => backend.storage.persist());
          ctx.notify(granted ? "The browser will keep this site's storage." : "The browser did not grant persistent storage.");
          showStorage();
        } }, "Persist"));
  }

  start();
  return ctx;
}
