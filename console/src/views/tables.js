/**
 * The table list: every table with its status, size, keys, indexes, stream
 * and TTL. ListTables pages (100 names) are described together, so a
 * page of tables costs one round of requests, not one per table in turn.
 */
import { fill, h } from "../dom.js";
import { formatBytes } from "../values.js";
import { importControl } from "./exchange.js";

export function keySummary(schema, role) {
  return schema.filter((k) => k.KeyType === role).map((k) => k.AttributeName).join(" + ") || "—";
}

function typedKeys(table, schema, role) {
  return schema.filter((k) => k.KeyType === role).map((k) => {
    const type = table.AttributeDefinitions.find((d) => d.AttributeName === k.AttributeName)?.AttributeType;
    return `${k.AttributeName} (${type})`;
  }).join(" + ") || "—";
}
export { typedKeys };

export function indexSummary(table) {
  const g = table.GlobalSecondaryIndexes?.length ?? 0;
  const l = table.LocalSecondaryIndexes?.length ?? 0;
  return [g ? `${g} global` : "", l ? `${l} local` : ""].filter(Boolean).join(", ") || "—";
}

export async function tablesView(ctx, screen) {
  const body = h("div", {}, h("p", { class: "muted" }, "Loading tables…"));
  fill(screen,
    h("div", { class: "screen-head" },
      h("h1", {}, "Tables"),
      h("div", { class: "actions" },
        importControl(ctx, () => show(undefined)),
        h("button", { type: "button", onclick: () => { ctx.refreshTables(); show(undefined); } }, "Refresh"),
        h("a", { href: "#/create", class: "button primary" }, "Create table"))),
    body);
  const starts = [undefined];
  const show = async (start) => {
    const list = await ctx.attempt(() => ctx.call("ListTables", { Limit: 100, ...(start ? { ExclusiveStartTableName: start } : {}) }));
    if (!list || !ctx.current()) return;
    const described = await Promise.all(list.TableNames.map(async (name) => {
      const [d, ttl] = await Promise.all([
        ctx.call("DescribeTable", { TableName: name }).catch(() => null),
        ctx.call("DescribeTimeToLive", { TableName: name }).catch(() => null),
      ]);
      return { name, table: d?.Table, ttl: ttl?.TimeToLiveDescription };
    }));
    if (!ctx.current()) return;
    const rows = described.map(({ name, table, ttl }) => h("tr", {},
      h("th", { scope: "row" }, h("a", { href: `#/table/${encodeURIComponent(name)}` }, name)),
      table ? [
        h("td", {}, h("span", { class: `pill ${table.TableStatus === "ACTIVE" ? "ok" : "warn"}` }, table.TableStatus)),
        h("td", { class: "num" }, String(table.ItemCount)),
        h("td", { class: "num" }, formatBytes(table.TableSizeBytes)),
        h("td", {}, typedKeys(table, table.KeySchema, "HASH")),
        h("td", {}, typedKeys(table, table.KeySchema, "RANGE")),
        h("td", {}, indexSummary(table)),
        h("td", {}, table.StreamSpecification?.StreamEnabled ? table.StreamSpecification.StreamViewType : "Off"),
        h("td", {}, ttl?.TimeToLiveStatus === "ENABLED" ? `On (${ttl.AttributeName})` : "Off"),
        h("td", {}, table.BillingModeSummary?.BillingMode === "PAY_PER_REQUEST" ? "On-demand" : "Provisioned"),
      ] : h("td", { colspan: 9, class: "muted" }, "could not be described"),
    ));
    fill(body, list.TableNames.length || start
      ? h("table", { class: "grid tables" },
        h("caption", { class: "visually-hidden" }, "Tables"),
        h("thead", {}, h("tr", {}, ["Name", "Status", "Items", "Size", "Partition key", "Sort key", "Indexes", "Stream", "TTL", "Capacity"]
          .map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", {}, rows))
      : h("div", { class: "empty-state" }, h("p", {}, "No tables yet."),
        h("a", { href: "#/create", class: "button primary" }, "Create your first table")),
    (start || list.LastEvaluatedTableName) && h("div", { class: "pager" },
      h("button", { type: "button", disabled: starts.length < 2 || start === undefined,
        onclick: () => { starts.pop(); show(starts.at(-1)); } }, "Previous tables"),
      h("button", { type: "button", disabled: !list.LastEvaluatedTableName,
        onclick: () => { starts.push(list.LastEvaluatedTableName); show(list.LastEvaluatedTableName); } }, "Next tables")));
  };
  await show(undefined);
}
