/**
 * The explorer's form, turned into the Scan or Query request it stands for.
 *
 * Attribute names always travel as #placeholders, so reserved words
 * (`status`, `name`, `date`...) need no thought. In the filter, `#word`
 * means the attribute `word` unless the user's own names say otherwise.
 */
import { keyValue, parseValues } from "./values.js";

export const KEY_OPERATORS = ["=", "<", "<=", ">", ">=", "BETWEEN", "begins_with"];

/** The key schema of the table or of one of its indexes: { hash: [names], range: [names] }. */
export function keysOf(table, indexName) {
  const index = indexName
    ? [...(table.GlobalSecondaryIndexes ?? []), ...(table.LocalSecondaryIndexes ?? [])].find((i) => i.IndexName === indexName)
    : table;
  const schema = index?.KeySchema ?? [];
  return {
    hash: schema.filter((k) => k.KeyType === "HASH").map((k) => k.AttributeName),
    range: schema.filter((k) => k.KeyType === "RANGE").map((k) => k.AttributeName),
  };
}

export function attributeType(table, name) {
  return table.AttributeDefinitions.find((d) => d.AttributeName === name)?.AttributeType ?? "S";
}

/** Key attributes to show first in a grid: the index's, then the table's. */
export function gridKeyNames(table, indexName) {
  const own = keysOf(table, null);
  const index = indexName ? keysOf(table, indexName) : { hash: [], range: [] };
  return [...new Set([...index.hash, ...index.range, ...own.hash, ...own.range])];
}

class Placeholders {
  names = {};
  values = {};
  #byName = new Map();
  name(attribute) {
    if (!this.#byName.has(attribute)) {
      const p = `#n${this.#byName.size}`;
      this.#byName.set(attribute, p);
      this.names[p] = attribute;
    }
    return this.#byName.get(attribute);
  }
  value(av) {
    const p = `:k${Object.keys(this.values).length}`;
    this.values[p] = av;
    return p;
  }
}

/** A projection "a, b.c, list[0]" as an expression of placeholders. */
function projection(text, ph) {
  return text.split(",").map((s) => s.trim()).filter(Boolean).map((path) =>
    path.split(".").map((part) => {
      const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
      if (!m) throw new SyntaxError(`'${path}' is not an attribute path`);
      return ph.name(m[1]) + m[2];
    }).join(".")).join(", ");
}

/**
 * The request for one page. `form`: { mode: "scan"|"query", index, key: {attr: {op, value, value2}},
 * filter, values, projection, descending, pageSize }. Throws an Error whose message says what to fix.
 */
export function readRequest(table, form) {
  const request = { TableName: table.TableName, Limit: Number(form.pageSize) || 50 };
  if (form.index) request.IndexName = form.index;
  const ph = new Placeholders();
  if (form.mode === "query") {
    const { hash, range } = keysOf(table, form.index);
    const terms = hash.map((name) => {
      const value = form.key?.[name]?.value ?? "";
      if (value === "") throw new Error(`Enter a value for the partition key attribute "${name}".`);
      return `${ph.name(name)} = ${ph.value(keyValue(attributeType(table, name), value))}`;
    });
    for (const name of range) {
      const { op = "=", value = "", value2 = "" } = form.key?.[name] ?? {};
      if (value === "") continue;
      const type = attributeType(table, name);
      const n = ph.name(name);
      const v = ph.value(keyValue(type, value));
      if (op === "BETWEEN") terms.push(`${n} BETWEEN ${v} AND ${ph.value(keyValue(type, value2))}`);
      else if (op === "begins_with") terms.push(`begins_with(${n}, ${v})`);
      else terms.push(`${n} ${op} ${v}`);
    }
    request.KeyConditionExpression = terms.join(" AND ");
    if (form.descending) request.ScanIndexForward = false;
  }
  const filter = form.filter?.trim();
  if (filter) {
    request.FilterExpression = filter.replace(/#([A-Za-z0-9_]+)/g, (_, word) => ph.name(word));
  }
  if (form.projection?.trim()) request.ProjectionExpression = projection(form.projection, ph);
  const userValues = parseValues(form.values ?? "");
  const values = { ...ph.values, ...(userValues ?? {}) };
  if (Object.keys(ph.names).length) request.ExpressionAttributeNames = ph.names;
  if (Object.keys(values).length) request.ExpressionAttributeValues = values;
  return request;
}

/**
 * What saving an edited item sends: an UpdateItem that sets the attributes
 * that changed and removes the ones that went, or null when nothing changed.
 * A changed key is a different item: the caller refuses it.
 */
export function updateRequest(tableName, keyNames, before, after) {
  const ph = new Placeholders();
  const set = [];
  const remove = [];
  for (const [name, value] of Object.entries(after)) {
    if (keyNames.includes(name)) continue;
    if (JSON.stringify(before[name]) !== JSON.stringify(value)) set.push(`${ph.name(name)} = ${ph.value(value)}`);
  }
  for (const name of Object.keys(before)) {
    if (!(name in after) && !keyNames.includes(name)) remove.push(ph.name(name));
  }
  if (!set.length && !remove.length) return null;
  const request = {
    TableName: tableName,
    Key: Object.fromEntries(keyNames.map((n) => [n, before[n]])),
    UpdateExpression: [set.length ? `SET ${set.join(", ")}` : "", remove.length ? `REMOVE ${remove.join(", ")}` : ""]
      .filter(Boolean).join(" "),
    ExpressionAttributeNames: ph.names,
    ConditionExpression: `attribute_exists(${ph.name(keyNames[0])})`,
  };
  if (Object.keys(ph.values).length) request.ExpressionAttributeValues = ph.values;
  return request;
}
