/**
 * One table: its items (Scan or Query of the table or an index, a page at a
 * time), its settings (indexes, TTL, tags, deletion protection, delete) and
 * its stream (views/stream.js); Export table in the header (views/exchange.js).
 *
 * The explorer never reads more than one page: each request carries Limit
 * (the page size) and the next page starts at the last one's
 * LastEvaluatedKey. The start keys of the pages seen are kept, so Previous
 * re-reads a page instead of holding them all. The form and the page
 * outlive the screen (ctx.state), so coming back from an item shows the same
 * page, read again.
 */
import { field, fill, h, select } from "../dom.js";
import { renderGrid } from "../grid.js";
import { KEY_OPERATORS, attributeType, gridKeyNames, keysOf, readRequest } from "../requests.js";
import { TYPE_NAMES, formatBytes } from "../values.js";
import { exportControl } from "./exchange.js";
import { hasStream, streamPanel } from "./stream.js";
import { indexSummary, typedKeys } from "./tables.js";

const PAGE_SIZES = ["25", "50", "100", "200", "500"];
/** The table screen's tabs, as the last part of its address (#/table/NAME/stream). */
export const TABLE_TABS = ["items", "settings", "stream"];

function newState() {
  return {
    form: { mode: "scan", index: "", key: {}, filter: "", values: "", projection: "", descending: false, pageSize: "50" },
    starts: [undefined],
  };
}

export async function tableView(ctx, screen, name, tab) {
  const described = await ctx.attempt(() => ctx.call("DescribeTable", { TableName: name }));
  if (!ctx.current()) return;
  if (!described) {
    fill(screen, h("nav", { class: "crumbs", "aria-label": "Breadcrumb" }, h("a", { href: "#/" }, "Tables"), ` › ${name}`),
      h("p", { class: "muted" }, "This table could not be opened."));
    return;
  }
  const table = described.Table;
  const base = `#/table/${encodeURIComponent(name)}`;
  const panel = h("div", {});
  fill(screen,
    h("nav", { class: "crumbs", "aria-label": "Breadcrumb" }, h("a", { href: "#/" }, "Tables"), ` › ${name}`),
    h("div", { class: "screen-head" },
      h("div", {}, h("h1", {}, name),
        h("p", { class: "muted facts" },
          `Partition key: ${typedKeys(table, table.KeySchema, "HASH")}`,
          table.KeySchema.length > 1 ? ` · Sort key: ${typedKeys(table, table.KeySchema, "RANGE")}` : "",
          ` · Indexes: ${indexSummary(table)} · ${table.ItemCount} items · ${formatBytes(table.TableSizeBytes)}`)),
      h("div", { class: "actions" }, exportControl(ctx, name), h("a", { href: `${base}/new-item`, class: "button primary" }, "Create item"))),
    h("div", { class: "tabs", role: "navigation", "aria-label": "Table sections" },
      h("a", { href: base, class: "tab", "aria-current": tab === "items" ? "page" : null }, "Explore items"),
      h("a", { href: `${base}/settings`, class: "tab", "aria-current": tab === "settings" ? "page" : null }, "Indexes and settings"),
      hasStream(table) || tab === "stream"
        ? h("a", { href: `${base}/stream`, class: "tab", "aria-current": tab === "stream" ? "page" : null }, "Stream") : null),
    panel);
  if (tab === "settings") await settings(ctx, panel, table);
  else if (tab === "stream") await streamPanel(ctx, panel, table, () => tableView(ctx, screen, name, "stream"));
  else await explorer(ctx, panel, table);
}

// --- items ---------------------------------------------------------------------------

async function explorer(ctx, panel, table) {
  const name = table.TableName;
  if (!ctx.state.has(name)) ctx.state.set(name, newState());
  const state = ctx.state.get(name);
  const form = state.form;
  const indexes = [...(table.GlobalSecondaryIndexes ?? []).map((i) => [i.IndexName, `${i.IndexName} (global index)`]),
    ...(table.LocalSecondaryIndexes ?? []).map((i) => [i.IndexName, `${i.IndexName} (local index)`])];
  if (form.index && !indexes.some(([n]) => n === form.index)) form.index = "";

  const modeScan = h("input", { type: "radio", name: "mode", value: "scan", checked: form.mode === "scan" });
  const modeQuery = h("input", { type: "radio", name: "mode", value: "query", checked: form.mode === "query" });
  const target = select([["", `${name} (table)`], ...indexes], form.index);
  const keyBox = h("fieldset", { class: "key-builder" });
  const filter = h("input", { type: "text", value: form.filter, placeholder: "#price > :min AND attribute_exists(#tags)", class: "wide" });
  const values = h("input", { type: "text", value: form.values, placeholder: '{":min": 10}', class: "wide" });
  const projection = h("input", { type: "text", value: form.projection, placeholder: "all attributes (or: title, price, tags[0])", class: "wide" });
  const order = select([["asc", "Ascending"], ["desc", "Descending"]], form.descending ? "desc" : "asc");
  const pageSize = select(PAGE_SIZES, form.pageSize);
  const results = h("section", { class: "results", "aria-label": "Items" });

  const renderKeyBox = () => {
    const { hash, range } = keysOf(table, target.value);
    keyBox.hidden = !modeQuery.checked;
    order.disabled = !modeQuery.checked;
    const rows = [h("legend", {}, "Key condition")];
    for (const attr of hash) {
      const input = h("input", { type: "text", value: form.key[attr]?.value ?? "", "aria-label": `${attr} (partition key) value`,
        oninput: () => { form.key[attr] = { op: "=", value: input.value }; } });
      rows.push(h("div", { class: "key-cond" }, h("span", { class: "attr" }, attr), h("span", { class: "type" }, TYPE_NAMES[attributeType(table, attr)]),
        h("span", { class: "op" }, "="), input));
    }
    for (const attr of range) {
      const saved = form.key[attr] ?? { op: "=", value: "", value2: "" };
      form.key[attr] = saved;
      const op = select(KEY_OPERATORS, saved.op, { "aria-label": `${attr} (sort key) condition` });
      const v1 = h("input", { type: "text", value: saved.value ?? "", "aria-label": `${attr} (sort key) value`, placeholder: "any (optional)" });
      const v2 = h("input", { type: "text", value: saved.value2 ?? "", "aria-label": `${attr} (sort key) upper value`, hidden: saved.op !== "BETWEEN" });
      const sync = () => { Object.assign(saved, { op: op.value, value: v1.value, value2: v2.value }); v2.hidden = op.value !== "BETWEEN"; };
      for (const c of [op, v1, v2]) c.addEventListener("input", sync);
      rows.push(h("div", { class: "key-cond" }, h("span", { class: "attr" }, attr), h("span", { class: "type" }, TYPE_NAMES[attributeType(table, attr)]), op, v1, v2));
    }
    fill(keyBox, rows);
  };

  const readForm = () => {
    Object.assign(form, {
      mode: modeQuery.checked ? "query" : "scan", index: target.value, filter: filter.value, values: values.value,
      projection: projection.value, descending: order.value === "desc", pageSize: pageSize.value,
    });
  };

  // Only the newest page request renders: a Run while the first load is
  // still in flight must not be overwritten by that older, slower answer.
  let latest = 0;
  const showPage = async () => {
    const ticket = (latest += 1);
    let request;
    try {
      request = readRequest(table, form);
    } catch (err) {
      ctx.fail({ type: "Form", message: err.message });
      return;
    }
    const start = state.starts.at(-1);
    if (start) request.ExclusiveStartKey = start;
    results.setAttribute("aria-busy", "true");
    const op = form.mode === "query" ? "Query" : "Scan";
    const page = await ctx.attempt(() => ctx.call(op, request));
    if (ticket !== latest) return;
    results.setAttribute("aria-busy", "false");
    if (!page || !ctx.current()) return;
    ctx.clearError();
    const keyNames = gridKeyNames(table, form.index);
    const tableKeys = table.KeySchema.map((k) => k.AttributeName);
    const grid = renderGrid(page.Items, keyNames, {
      caption: `Items of ${name}${form.index ? `, index ${form.index}` : ""}`,
      onOpen: (item) => {
        const key = Object.fromEntries(tableKeys.map((k) => [k, item[k]]));
        ctx.go(`#/table/${encodeURIComponent(name)}/item/${encodeURIComponent(JSON.stringify(key))}`);
      },
    });
    const pageNumber = state.starts.length;
    fill(results,
      h("div", { class: "results-head" },
        h("h2", {}, `${op === "Query" ? "Query" : "Scan"} results`),
        h("p", { class: "counts", "aria-live": "polite" },
          h("span", {}, "Returned ", h("strong", { "data-count": page.Count }, String(page.Count))),
          h("span", {}, "Scanned ", h("strong", { "data-scanned": page.ScannedCount }, String(page.ScannedCount))),
          h("span", {}, `Page ${pageNumber}`))),
      h("div", { class: "grid-wrap" }, grid),
      h("div", { class: "pager" },
        h("button", { type: "button", disabled: pageNumber < 2, onclick: () => { state.starts.pop(); showPage(); } }, "Previous page"),
        h("button", { type: "button", disabled: !page.LastEvaluatedKey,
          onclick: () => { state.starts.push(page.LastEvaluatedKey); showPage(); } }, "Next page"),
        page.LastEvaluatedKey ? null : h("span", { class: "muted" }, "No more items")));
  };

  const run = (event) => {
    event?.preventDefault();
    readForm();
    state.starts = [undefined];
    showPage();
  };
  for (const radio of [modeScan, modeQuery]) radio.addEventListener("change", () => { readForm(); renderKeyBox(); });
  target.addEventListener("change", () => { readForm(); renderKeyBox(); });

  const formEl = h("form", { class: "panel explorer", "aria-label": "Scan or query items", onsubmit: run },
    h("div", { class: "explorer-row" },
      h("div", { class: "segmented", role: "radiogroup", "aria-label": "Operation" },
        h("label", {}, modeScan, " Scan"), h("label", {}, modeQuery, " Query")),
      field("Table or index", target),
      field("Page size", pageSize),
      field("Order", order)),
    keyBox,
    h("details", { class: "more", open: Boolean(form.filter || form.projection || form.values) },
      h("summary", {}, "Filter and projection"),
      field("Filter expression", filter, "#name means the attribute name; values are below"),
      field("Expression values (JSON)", values),
      field("Projection (attributes to show)", projection)),
    h("div", { class: "form-actions" },
      h("button", { type: "button", onclick: () => { ctx.state.set(name, newState()); explorer(ctx, panel, table); } }, "Reset"),
      h("button", { type: "submit", class: "primary" }, "Run")));
  renderKeyBox();
  fill(panel, formEl, results);
  await showPage();
}

// --- settings ----------------------------------------------------------------------------

async function settings(ctx, panel, table) {
  const name = table.TableName;
  const reload = () => tableView(ctx, panel.parentElement, name, "settings");
  const [ttl, tags] = await Promise.all([
    ctx.attempt(() => ctx.call("DescribeTimeToLive", { TableName: name })),
    ctx.attempt(() => ctx.call("ListTagsOfResource", { ResourceArn: table.TableArn })),
  ]);
  if (!ctx.current()) return;

  const indexRows = [
    ...(table.GlobalSecondaryIndexes ?? []).map((i) => ["Global", i]),
    ...(table.LocalSecondaryIndexes ?? []).map((i) => ["Local", i]),
  ].map(([kind, i]) => h("tr", {},
    h("th", { scope: "row" }, i.IndexName), h("td", {}, kind),
    h("td", {}, typedKeys(table, i.KeySchema, "HASH")), h("td", {}, typedKeys(table, i.KeySchema, "RANGE")),
    h("td", {}, i.Projection.ProjectionType + (i.Projection.NonKeyAttributes ? `: ${i.Projection.NonKeyAttributes.join(", ")}` : "")),
    h("td", { class: "num" }, String(i.ItemCount ?? "")), h("td", {}, i.IndexStatus ?? "ACTIVE")));

  // TTL
  const ttlDesc = ttl?.TimeToLiveDescription ?? {};
  const ttlOn = ttlDesc.TimeToLiveStatus === "ENABLED";
  const ttlAttr = h("input", { type: "text", value: ttlDesc.AttributeName ?? "", placeholder: "e.g. expiresAt", disabled: ttlOn });
  const ttlForm = h("form", { class: "inline", "aria-label": "Time to live",
    onsubmit: async (e) => {
      e.preventDefault();
      const ok = await ctx.attempt(() => ctx.call("UpdateTimeToLive", { TableName: name,
        TimeToLiveSpecification: { Enabled: !ttlOn, AttributeName: ttlAttr.value.trim() } }));
      if (ok) { ctx.notify(`TTL ${ttlOn ? "turned off" : "turned on"}.`); reload(); }
    } },
    field("TTL attribute", ttlAttr), h("button", { type: "submit" }, ttlOn ? "Turn off TTL" : "Turn on TTL"));

  // Tags
  const tagKey = h("input", { type: "text", placeholder: "key" });
  const tagValue = h("input", { type: "text", placeholder: "value" });
  const tagRows = (tags?.Tags ?? []).map((t) => h("tr", {}, h("th", { scope: "row" }, t.Key), h("td", {}, t.Value),
    h("td", {}, h("button", { type: "button", class: "link danger", "aria-label": `Remove tag ${t.Key}`, onclick: async () => {
      if (await ctx.attempt(() => ctx.call("UntagResource", { ResourceArn: table.TableArn, TagKeys: [t.Key] }))) reload();
    } }, "Remove"))));
  const tagForm = h("form", { class: "inline", "aria-label": "Add a tag", onsubmit: async (e) => {
    e.preventDefault();
    const ok = await ctx.attempt(() => ctx.call("TagResource", { ResourceArn: table.TableArn, Tags: [{ Key: tagKey.value, Value: tagValue.value }] }));
    if (ok) { ctx.notify(`Tag ${tagKey.value} saved.`); reload(); }
  } }, field("Tag key", tagKey), field("Tag value", tagValue), h("button", { type: "submit" }, "Add tag"));

  // Deletion
  const protectedNow = table.DeletionProtectionEnabled === true;
  const confirm = h("input", { type: "text", autocomplete: "off", placeholder: name });
  const del = h("button", { type: "submit", class: "danger", disabled: true }, "Delete table");
  confirm.addEventListener("input", () => { del.disabled = confirm.value !== name; });
  const deleteForm = h("form", { class: "inline", "aria-label": "Delete the table", onsubmit: async (e) => {
    e.preventDefault();
    const ok = await ctx.attempt(() => ctx.call("DeleteTable", { TableName: name }));
    if (ok) {
      ctx.state.delete(name);
      ctx.notify(`Table ${name} deleted.`);
      await ctx.refreshTables();
      ctx.go("#/");
    }
  } }, field(`Type ${name} to confirm`, confirm), del);

  fill(panel,
    h("section", { class: "panel" }, h("h2", { class: "panel-title" }, "General information"),
      h("dl", { class: "facts-grid" },
        [["Status", table.TableStatus], ["Capacity mode", table.BillingModeSummary?.BillingMode === "PAY_PER_REQUEST" ? "On-demand" : "Provisioned"],
          ["Item count", table.ItemCount], ["Size", formatBytes(table.TableSizeBytes)],
          ["Stream", h("span", {}, hasStream(table) ? table.StreamSpecification.StreamViewType : "Off", " · ",
            h("a", { href: `#/table/${encodeURIComponent(name)}/stream` }, hasStream(table) ? "Follow its records" : "Turn on a stream"))],
          ["Created", new Date(table.CreationDateTime * 1000).toLocaleString()], ["ARN", table.TableArn]]
          .map(([k, v]) => [h("dt", {}, k), h("dd", {}, v instanceof Node ? v : String(v))]))),
    h("section", { class: "panel" }, h("h2", { class: "panel-title" }, "Indexes"),
      indexRows.length ? h("table", { class: "grid" }, h("caption", { class: "visually-hidden" }, "Indexes"),
        h("thead", {}, h("tr", {}, ["Name", "Kind", "Partition key", "Sort key", "Projection", "Items", "Status"].map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", {}, indexRows)) : h("p", { class: "muted" }, "No secondary indexes.")),
    h("section", { class: "panel" }, h("h2", { class: "panel-title" }, "Time to live (TTL)"),
      h("p", { class: "muted" }, ttlOn ? `On: items whose ${ttlDesc.AttributeName} (epoch seconds) has passed are deleted.` : "Off."), ttlForm),
    h("section", { class: "panel" }, h("h2", { class: "panel-title" }, "Tags"),
      tagRows.length ? h("table", { class: "grid narrow" }, h("caption", { class: "visually-hidden" }, "Tags"),
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Key"), h("th", { scope: "col" }, "Value"), h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Actions")))),
        h("tbody", {}, tagRows)) : h("p", { class: "muted" }, "No tags."), tagForm),
    h("section", { class: "panel danger-zone" }, h("h2", { class: "panel-title" }, "Delete table"),
      h("div", { class: "inline" },
        h("label", { class: "check" }, h("input", { type: "checkbox", checked: protectedNow, onchange: async (e) => {
          const ok = await ctx.attempt(() => ctx.call("UpdateTable", { TableName: name, DeletionProtectionEnabled: e.target.checked }));
          if (ok) { ctx.notify(`Deletion protection ${e.target.checked ? "on" : "off"}.`); reload(); } else e.target.checked = !e.target.checked;
        } }), " Deletion protection")),
      h("p", { class: "muted" }, protectedNow ? "Deletion protection is on: DynamoDB refuses to delete this table until it is turned off."
        : "Deleting a table deletes all of its items and indexes."),
      deleteForm));
}
