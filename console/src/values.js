/**
 * DynamoDB values as the console shows and edits them.
 *
 * Two text forms of an item: DynamoDB JSON (what the wire carries: every
 * value typed, `{"price": {"N": "9.99"}}`) and plain JSON (`{"price": 9.99}`).
 * DynamoDB numbers have up to 38 significant digits, more than a JS number
 * holds, so plain JSON is written and read here, not by JSON.parse: a number
 * keeps the digits it was written with, both ways. Sets and binary have no
 * plain JSON form; an item holding them is edited as DynamoDB JSON only.
 */

/** A number literal kept as its text. */
export class JsonNumber {
  constructor(text) {
    this.text = text;
  }
}

const SCALARS = new Set(["S", "N", "B", "BOOL", "NULL"]);

export function typeOf(av) {
  return av && typeof av === "object" ? Object.keys(av)[0] : undefined;
}

/** Whether an item (or value) has sets or binary, which plain JSON cannot express. */
export function needsTypes(value) {
  const type = typeOf(value);
  if (type === "SS" || type === "NS" || type === "BS" || type === "B") return true;
  if (type === "L") return value.L.some(needsTypes);
  if (type === "M") return Object.values(value.M).some(needsTypes);
  return false;
}

export const itemNeedsTypes = (item) => Object.values(item).some(needsTypes);

// --- plain JSON, written -----------------------------------------------------------

function plainText(av, indent, depth) {
  const type = typeOf(av);
  const pad = indent ? "\n" + indent.repeat(depth + 1) : "";
  const end = indent ? "\n" + indent.repeat(depth) : "";
  const sep = indent ? ": " : ":";
  switch (type) {
    case "S": return JSON.stringify(av.S);
    case "N": return av.N;
    case "BOOL": return av.BOOL ? "true" : "false";
    case "NULL": return "null";
    case "L":
      return av.L.length ? `[${av.L.map((v) => pad + plainText(v, indent, depth + 1)).join(",")}${end}]` : "[]";
    case "M": {
      const keys = Object.keys(av.M);
      return keys.length
        ? `{${keys.map((k) => pad + JSON.stringify(k) + sep + plainText(av.M[k], indent, depth + 1)).join(",")}${end}}`
        : "{}";
    }
    case "SS": case "NS": case "BS": case "B":
      throw new Error(`a ${type} value has no plain JSON form`);
    default:
      throw new Error(`not a DynamoDB value: ${JSON.stringify(av)}`);
  }
}

/** One value as plain JSON text (indented), or DynamoDB JSON when it has sets or binary. */
export function valueText(av) {
  return needsTypes(av) ? JSON.stringify(av, null, 2) : plainText(av, "  ", 0);
}

/** An item as plain JSON text, numbers exactly as stored. */
export function toPlainJson(item, indent = "  ") {
  return plainText({ M: item }, indent, 0);
}

export function toDynamoJson(item) {
  return JSON.stringify(item, null, 2);
}

// --- plain JSON, read ------------------------------------------------------------------

/** Parse JSON keeping number literals as JsonNumber. Throws SyntaxError with a position. */
export function parseExactJson(text) {
  let i = 0;
  const fail = (what) => {
    throw new SyntaxError(`${what} at position ${i}`);
  };
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  const value = () => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      const out = {};
      ws();
      if (text[i] === "}") return i++, out;
      for (;;) {
        ws();
        if (text[i] !== '"') fail("expected a quoted name");
        const key = string();
        ws();
        if (text[i++] !== ":") fail("expected ':'");
        out[key] = value();
        ws();
        if (text[i] === ",") { i++; continue; }
        if (text[i] === "}") return i++, out;
        fail("expected ',' or '}'");
      }
    }
    if (c === "[") {
      i++;
      const out = [];
      ws();
      if (text[i] === "]") return i++, out;
      for (;;) {
        out.push(value());
        ws();
        if (text[i] === ",") { i++; continue; }
        if (text[i] === "]") return i++, out;
        fail("expected ',' or ']'");
      }
    }
    if (c === '"') return string();
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (number && number[0]) {
      i += number[0].length;
      return new JsonNumber(number[0]);
    }
    for (const [word, v] of [["true", true], ["false", false], ["null", null]]) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    fail("unexpected " + (c === undefined ? "end of text" : `'${c}'`));
  };
  const string = () => {
    const m = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(text.slice(i));
    if (!m) fail("bad string");
    i += m[0].length;
    return JSON.parse(m[0]);
  };
  const result = value();
  ws();
  if (i < text.length) fail("unexpected text after the value");
  return result;
}

/** A parsed plain JSON value as a DynamoDB value. */
export function fromPlain(value) {
  if (value === null) return { NULL: true };
  if (value instanceof JsonNumber) return { N: value.text };
  if (typeof value === "string") return { S: value };
  if (typeof value === "boolean") return { BOOL: value };
  if (Array.isArray(value)) return { L: value.map(fromPlain) };
  return { M: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromPlain(v)])) };
}

/** Item text in either form -> a DynamoDB item (an object of attribute values). */
export function parseItem(text, form) {
  const parsed = form === "plain" ? parseExactJson(text) : JSON.parse(text);
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed) || parsed instanceof JsonNumber) {
    throw new SyntaxError("an item is a JSON object");
  }
  return form === "plain" ? fromPlain(parsed).M : parsed;
}

/** A plain JSON map of expression values ({":v": 5}) as ExpressionAttributeValues. */
export function parseValues(text) {
  if (!text.trim()) return undefined;
  const parsed = parseExactJson(text);
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed) || parsed instanceof JsonNumber) {
    throw new SyntaxError('values are a JSON object, e.g. {":min": 10}');
  }
  return fromPlain(parsed).M;
}

// --- compact display -------------------------------------------------------------------

/** A one-line preview of any value, cut to `max` characters. */
export function preview(av, max = 60) {
  const type = typeOf(av);
  let text;
  if (type === "S") text = av.S;
  else if (type === "N") text = av.N;
  else if (type === "BOOL") text = String(av.BOOL);
  else if (type === "NULL") text = "null";
  else if (type === "B") text = `<binary ${binaryLength(av.B)} B>`;
  else if (type === "SS") text = `{${av.SS.map((s) => JSON.stringify(s)).join(", ")}}`;
  else if (type === "NS") text = `{${av.NS.join(", ")}}`;
  else if (type === "BS") text = `{${av.BS.length} binary}`;
  else if (type === "L") text = `[${av.L.map((v) => (SCALARS.has(typeOf(v)) && typeOf(v) === "S" ? JSON.stringify(v.S) : preview(v, max))).join(", ")}]`;
  else if (type === "M") text = `{${Object.entries(av.M).map(([k, v]) => `${k}: ${typeOf(v) === "S" ? JSON.stringify(v.S) : preview(v, max)}`).join(", ")}}`;
  else text = JSON.stringify(av);
  return text.length > max ? text.slice(0, max - 1) + "…" : text;
}

function binaryLength(base64) {
  const pad = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
  return Math.floor((base64.length * 3) / 4) - pad;
}

export const TYPE_NAMES = {
  S: "String", N: "Number", B: "Binary", BOOL: "Boolean", NULL: "Null",
  SS: "String set", NS: "Number set", BS: "Binary set", L: "List", M: "Map",
};

/** The size of a container, for its summary: "3 items". */
export function containerSize(av) {
  const type = typeOf(av);
  const n = type === "M" ? Object.keys(av.M).length : av[type].length;
  return `${n} ${type === "M" ? (n === 1 ? "entry" : "entries") : n === 1 ? "item" : "items"}`;
}

export const isContainer = (av) => ["SS", "NS", "BS", "L", "M"].includes(typeOf(av));

/** A key's display: "pk=user#1, sk=42". */
export function keyText(item, names) {
  return names.map((n) => `${n}=${item[n] ? preview(item[n], 40) : "?"}`).join(", ");
}

/** An attribute value typed by a key attribute's type (S, N or B) from a text box. */
export function keyValue(type, text) {
  return { [type]: text };
}

/** Bytes for people: "1.2 MB". */
export const formatBytes = (n) => (n == null ? "?" : n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} kB`
  : n < 1073741824 ? `${(n / 1048576).toFixed(1)} MB` : `${(n / 1073741824).toFixed(1)} GB`);
