/**
 * One item, as DynamoDB JSON or as plain JSON (numbers exact either way;
 * see values.js). Saving an existing item sends an UpdateItem of what
 * changed (SET the changed attributes, REMOVE the dropped ones) on the
 * condition that the item still exists; a new item is a PutItem that
 * refuses to overwrite. The engine's answer, error or not, is shown as it came.
 */
import { fill, h } from "../dom.js";
import { updateRequest } from "../requests.js";
import { itemNeedsTypes, parseItem, toDynamoJson, toPlainJson } from "../values.js";

export async function itemView(ctx, screen, tableName, keyText) {
  const described = await ctx.attempt(() => ctx.call("DescribeTable", { TableName: tableName }));
  if (!described || !ctx.current()) return;
  const table = described.Table;
  const keyNames = table.KeySchema.map((k) => k.AttributeName);
  const back = `#/table/${encodeURIComponent(tableName)}`;
  let original = null;
  if (keyText) {
    let key;
    try {
      key = JSON.parse(keyText);
    } catch {
      ctx.fail({ type: "Form", message: "The item's key in the address is not JSON." });
      return;
    }
    const got = await ctx.attempt(() => ctx.call("GetItem", { TableName: tableName, Key: key, ConsistentRead: true }));
    if (!got || !ctx.current()) return;
    if (!got.Item) {
      fill(screen, h("p", {}, "This item no longer exists. ", h("a", { href: back }, `Back to ${tableName}`)));
      return;
    }
    original = got.Item;
  }
  const isNew = original === null;
  const template = isNew ? Object.fromEntries(keyNames.map((n) => {
    const type = table.AttributeDefinitions.find((d) => d.AttributeName === n).AttributeType;
    return [n, { [type]: type === "N" ? "0" : "" }];
  })) : original;

  let form = itemNeedsTypes(template) ? "dynamodb" : "plain";
  const editor = h("textarea", { class: "code", spellcheck: false, rows: 18, "aria-label": "Item" });
  const plainRadio = h("input", { type: "radio", name: "form", value: "plain", checked: form === "plain" });
  const typedRadio = h("input", { type: "radio", name: "form", value: "dynamodb", checked: form === "dynamodb" });
  const formNote = h("p", { class: "muted small" });
  const show = (item) => {
    editor.value = form === "plain" ? toPlainJson(item) : toDynamoJson(item);
    formNote.textContent = form === "plain"
      ? "Plain JSON: strings, numbers (kept exact), booleans, null, lists and maps."
      : 'DynamoDB JSON: every value typed, e.g. {"price": {"N": "9.99"}}; sets (SS, NS, BS) and binary (B, base64) too.';
  };
  show(template);

  const current = () => parseItem(editor.value, form);
  const switchForm = (next) => {
    if (next === form) return;
    let item;
    try {
      item = current();
    } catch (err) {
      ctx.fail({ type: "Form", message: `The item is not valid ${form === "plain" ? "JSON" : "DynamoDB JSON"}: ${err.message}` });
      (form === "plain" ? plainRadio : typedRadio).checked = true;
      return;
    }
    if (next === "plain" && itemNeedsTypes(item)) {
      ctx.fail({ type: "Form", message: "This item holds a set or binary value, which plain JSON cannot express: edit it as DynamoDB JSON." });
      typedRadio.checked = true;
      return;
    }
    ctx.clearError();
    form = next;
    show(item);
  };
  plainRadio.addEventListener("change", () => switchForm("plain"));
  typedRadio.addEventListener("change", () => switchForm("dynamodb"));

  const save = async (event) => {
    event.preventDefault();
    let item;
    try {
      item = current();
    } catch (err) {
      ctx.fail({ type: "Form", message: `The item is not valid ${form === "plain" ? "JSON" : "DynamoDB JSON"}: ${err.message}` });
      return;
    }
    if (isNew) {
      const ok = await ctx.attempt(() => ctx.call("PutItem", { TableName: tableName, Item: item,
        ConditionExpression: "attribute_not_exists(#k)", ExpressionAttributeNames: { "#k": keyNames[0] } }));
      if (!ok) return;
      ctx.notify("Item created.");
    } else {
      if (keyNames.some((n) => JSON.stringify(item[n]) !== JSON.stringify(original[n]))) {
        ctx.fail({ type: "Form", message: "A key attribute changed: that would be another item. Create a new item instead." });
        return;
      }
      const request = updateRequest(tableName, keyNames, original, item);
      if (!request) {
        ctx.notify("Nothing changed.");
        return;
      }
      const ok = await ctx.attempt(() => ctx.call("UpdateItem", request));
      if (!ok) return;
      ctx.notify("Item saved.");
    }
    ctx.go(back);
  };

  const remove = async () => {
    const ok = await ctx.attempt(() => ctx.call("DeleteItem", { TableName: tableName,
      Key: Object.fromEntries(keyNames.map((n) => [n, original[n]])) }));
    if (!ok) return;
    ctx.notify("Item deleted.");
    ctx.go(back);
  };

  fill(screen,
    h("nav", { class: "crumbs", "aria-label": "Breadcrumb" }, h("a", { href: "#/" }, "Tables"), " › ",
      h("a", { href: back }, tableName), ` › ${isNew ? "Create item" : "Edit item"}`),
    h("div", { class: "screen-head" }, h("h1", {}, isNew ? "Create item" : "Edit item"),
      isNew ? null : h("div", { class: "actions" }, h("button", { type: "button", class: "danger", onclick: remove }, "Delete item"))),
    h("form", { class: "panel item-form", onsubmit: save, "aria-label": isNew ? "Create item" : "Edit item" },
      h("div", { class: "segmented", role: "radiogroup", "aria-label": "Format" },
        h("label", {}, plainRadio, " JSON"), h("label", {}, typedRadio, " DynamoDB JSON")),
      formNote,
      editor,
      h("p", { class: "muted small" }, `Key: ${keyNames.join(", ")}. `,
        isNew ? "Saving puts the item unless one with this key exists." : "Saving updates the attributes you changed."),
      h("div", { class: "form-actions" },
        h("a", { href: back, class: "button" }, "Cancel"),
        h("button", { type: "submit", class: "primary" }, isNew ? "Create item" : "Save changes"))));
  editor.focus();
  editor.setSelectionRange(0, 0);
  editor.scrollTop = 0;
}
