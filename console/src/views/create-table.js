/**
 * Create a table: its key, capacity, stream, deletion protection, and any
 * global indexes (each key up to 4 partition and 4 sort attributes, as
 * DynamoDB's multi-attribute keys allow) and local indexes. The request is
 * sent as built; what is wrong with it comes back in the engine's words.
 */
import { field, fill, h, select } from "../dom.js";

const TYPES = [["S", "String"], ["N", "Number"], ["B", "Binary"]];
const MAX_KEY_ATTRIBUTES = 4;

function keyAttributeRow(label, removable, onRemove) {
  const name = h("input", { type: "text", "aria-label": `${label} name`, placeholder: "attribute name", class: "attr-name" });
  const type = select(TYPES, "S", { "aria-label": `${label} type`, class: "attr-type" });
  const row = h("div", { class: "key-row" }, name, type,
    removable ? h("button", { type: "button", class: "link", "aria-label": `Remove ${label}`, onclick: () => { row.remove(); onRemove?.(); } }, "Remove") : null);
  row.read = () => (name.value.trim() ? { name: name.value.trim(), type: type.value } : null);
  return row;
}

function projectionControls(label) {
  const type = select([["ALL", "All attributes"], ["KEYS_ONLY", "Keys only"], ["INCLUDE", "Keys and these attributes"]], "ALL",
    { "aria-label": `${label} projection` });
  const include = h("input", { type: "text", "aria-label": `${label} projected attributes`, placeholder: "attr1, attr2", hidden: true });
  type.addEventListener("change", () => { include.hidden = type.value !== "INCLUDE"; });
  const el = h("div", { class: "inline" }, type, include);
  el.read = () => {
    const p = { ProjectionType: type.value };
    if (type.value === "INCLUDE") p.NonKeyAttributes = include.value.split(",").map((s) => s.trim()).filter(Boolean);
    return p;
  };
  return el;
}

/** A list of key attribute rows with an "Add" button, up to DynamoDB's four. */
function keyList(label, min) {
  const rows = h("div", { class: "key-rows" });
  const add = h("button", { type: "button", class: "small", "aria-label": `Add ${label.toLowerCase()} attribute`, onclick: () => addRow() }, "Add attribute");
  const update = () => { add.disabled = rows.children.length >= MAX_KEY_ATTRIBUTES; };
  const addRow = () => {
    const n = rows.children.length + 1;
    rows.append(keyAttributeRow(`${label} attribute ${n}`, n > min, update));
    update();
  };
  for (let i = 0; i < Math.max(min, 1); i++) addRow();
  const el = h("div", { class: "key-list" }, rows, add);
  el.read = () => [...rows.children].map((r) => r.read()).filter(Boolean);
  return el;
}

function gsiEditor(n, onRemove) {
  const label = `Global index ${n}`;
  const name = h("input", { type: "text", "aria-label": `${label} name`, placeholder: "index name" });
  const hash = keyList(`${label} partition key`, 1);
  const range = keyList(`${label} sort key`, 0);
  const projection = projectionControls(label);
  const el = h("fieldset", { class: "index-editor" },
    h("legend", {}, label),
    field("Index name", name),
    h("div", { class: "field" }, h("span", { class: "field-label" }, "Partition key (up to 4 attributes)"), hash),
    h("div", { class: "field" }, h("span", { class: "field-label" }, "Sort key (optional, up to 4 attributes)"), range),
    h("div", { class: "field" }, h("span", { class: "field-label" }, "Projected attributes"), projection),
    h("button", { type: "button", class: "link danger", onclick: () => { el.remove(); onRemove(); } }, `Remove ${label.toLowerCase()}`));
  el.read = () => ({
    name: name.value.trim(),
    hash: hash.read(),
    range: range.read(),
    projection: projection.read(),
  });
  return el;
}

function lsiEditor(n, onRemove) {
  const label = `Local index ${n}`;
  const name = h("input", { type: "text", "aria-label": `${label} name`, placeholder: "index name" });
  const sort = keyAttributeRow(`${label} sort key`, false);
  const projection = projectionControls(label);
  const el = h("fieldset", { class: "index-editor" },
    h("legend", {}, label),
    field("Index name", name),
    h("div", { class: "field" }, h("span", { class: "field-label" }, "Sort key (the table's partition key stays)"), sort),
    h("div", { class: "field" }, h("span", { class: "field-label" }, "Projected attributes"), projection),
    h("button", { type: "button", class: "link danger", onclick: () => { el.remove(); onRemove(); } }, `Remove ${label.toLowerCase()}`));
  el.read = () => ({ name: name.value.trim(), range: [sort.read()].filter(Boolean), projection: projection.read() });
  return el;
}

export async function createTableView(ctx, screen) {
  const name = h("input", { type: "text", required: true, autocomplete: "off", placeholder: "e.g. Orders" });
  const pk = keyAttributeRow("Partition key", false);
  const sk = keyAttributeRow("Sort key", false);
  const billing = select([["PAY_PER_REQUEST", "On-demand"], ["PROVISIONED", "Provisioned"]], "PAY_PER_REQUEST");
  const rcu = h("input", { type: "number", min: 1, value: 5 });
  const wcu = h("input", { type: "number", min: 1, value: 5 });
  const capacity = h("div", { class: "inline", hidden: true }, field("Read capacity units", rcu), field("Write capacity units", wcu));
  billing.addEventListener("change", () => { capacity.hidden = billing.value !== "PROVISIONED"; });
  const stream = select([["", "Off"], ["NEW_AND_OLD_IMAGES", "New and old images"], ["NEW_IMAGE", "New image"],
    ["OLD_IMAGE", "Old image"], ["KEYS_ONLY", "Keys only"]], "");
  const protection = h("input", { type: "checkbox" });
  const gsis = h("div", { class: "indexes" });
  const lsis = h("div", { class: "indexes" });
  let gsiCount = 0;
  let lsiCount = 0;

  const form = h("form", { class: "panel form", "aria-labelledby": "create-title" },
    h("h2", { class: "panel-title" }, "Table details"),
    field("Table name", name, "3 to 255 characters: letters, digits, _ - ."),
    h("div", { class: "field" }, h("span", { class: "field-label" }, "Partition key"), pk),
    h("div", { class: "field" }, h("span", { class: "field-label" }, "Sort key (optional)"), sk),
    h("h2", { class: "panel-title" }, "Settings"),
    h("div", { class: "inline" }, field("Capacity mode", billing), field("Stream", stream)),
    capacity,
    h("label", { class: "check" }, protection, " Deletion protection"),
    h("h2", { class: "panel-title" }, "Global secondary indexes"),
    gsis,
    h("button", { type: "button", onclick: () => { gsis.append(gsiEditor(++gsiCount, () => {})); } }, "Add global index"),
    h("h2", { class: "panel-title" }, "Local secondary indexes"),
    lsis,
    h("button", { type: "button", onclick: () => { lsis.append(lsiEditor(++lsiCount, () => {})); } }, "Add local index"),
    h("div", { class: "form-actions" },
      h("a", { href: "#/", class: "button" }, "Cancel"),
      h("button", { type: "submit", class: "primary" }, "Create table")));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const definitions = new Map();
    const define = (a) => {
      const key = `${a.name}\u0000${a.type}`;
      if (!definitions.has(key)) definitions.set(key, { AttributeName: a.name, AttributeType: a.type });
    };
    const keySchema = (hash, range) => [
      ...hash.map((a) => (define(a), { AttributeName: a.name, KeyType: "HASH" })),
      ...range.map((a) => (define(a), { AttributeName: a.name, KeyType: "RANGE" })),
    ];
    const throughput = billing.value === "PROVISIONED"
      ? { ReadCapacityUnits: Number(rcu.value), WriteCapacityUnits: Number(wcu.value) } : undefined;
    const request = {
      TableName: name.value.trim(),
      KeySchema: keySchema([pk.read()].filter(Boolean), [sk.read()].filter(Boolean)),
      BillingMode: billing.value,
    };
    if (throughput) request.ProvisionedThroughput = throughput;
    const globals = [...gsis.children].map((e) => e.read());
    if (globals.length) {
      request.GlobalSecondaryIndexes = globals.map((g) => ({
        IndexName: g.name, KeySchema: keySchema(g.hash, g.range), Projection: g.projection,
        ...(throughput ? { ProvisionedThroughput: throughput } : {}),
      }));
    }
    const locals = [...lsis.children].map((e) => e.read());
    if (locals.length) {
      const hash = [pk.read()].filter(Boolean);
      request.LocalSecondaryIndexes = locals.map((l) => ({
        IndexName: l.name, KeySchema: keySchema(hash, l.range), Projection: l.projection,
      }));
    }
    request.AttributeDefinitions = [...definitions.values()];
    if (stream.value) request.StreamSpecification = { StreamEnabled: true, StreamViewType: stream.value };
    if (protection.checked) request.DeletionProtectionEnabled = true;
    const result = await ctx.attempt(() => ctx.call("CreateTable", request));
    if (!result) return;
    ctx.notify(`Table ${request.TableName} created.`);
    await ctx.refreshTables();
    ctx.go(`#/table/${encodeURIComponent(request.TableName)}`);
  });

  fill(screen,
    h("nav", { class: "crumbs", "aria-label": "Breadcrumb" }, h("a", { href: "#/" }, "Tables"), " › Create table"),
    h("div", { class: "screen-head" }, h("h1", { id: "create-title" }, "Create table")),
    form);
  name.focus();
}
