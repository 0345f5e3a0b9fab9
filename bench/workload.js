/**
 * The benchmark workload of bench/workload.py, for the browser: the same
 * table, items, phases and answer checks, so the browser figures line up
 * with run.py's row for row. Change one, change the other.
 *
 * A phase is `async (driver, n) => ops`. A driver has the verbs of
 * bench/clients.py (setup, teardown, put, get, query, gsiQuery, scan,
 * update, batchWrite, batchGet, delete); its methods may be sync or async.
 * Each phase checks what came back, so a fast wrong answer fails the run.
 */

export const TABLE = "bench";
export const INDEX = "by_group";
export const GROUP = 20; // items per Query answer
export const BATCH_WRITE = 25; // DynamoDB's BatchWriteItem maximum
export const BATCH_GET = 100; // DynamoDB's BatchGetItem maximum
export const SCAN_PASSES = 5; // full scans in the scan phase

export const CREATE_TABLE = {
  TableName: TABLE,
  AttributeDefinitions: ["pk", "sk", "gpk", "gsk"].map((a) => ({ AttributeName: a, AttributeType: "S" })),
  KeySchema: [
    { AttributeName: "pk", KeyType: "HASH" },
    { AttributeName: "sk", KeyType: "RANGE" },
  ],
  GlobalSecondaryIndexes: [{
    IndexName: INDEX,
    KeySchema: [
      { AttributeName: "gpk", KeyType: "HASH" },
      { AttributeName: "gsk", KeyType: "RANGE" },
    ],
    Projection: { ProjectionType: "ALL" },
  }],
  BillingMode: "PAY_PER_REQUEST",
};

const pad = (value, width) => String(value).padStart(width, "0");

export const partitions = (n) => Math.max(1, Math.floor(n / GROUP));

export function key(i) {
  return { pk: { S: `user#${pad(Math.floor(i / GROUP), 6)}` }, sk: { S: `order#${pad(i % GROUP, 4)}` } };
}

/** Item i of n (about 300 bytes); `version` changes the payload. */
export function item(i, n, version = 0) {
  return {
    ...key(i),
    gpk: { S: `group#${pad(i % partitions(n), 6)}` },
    gsk: { S: pad(i, 8) },
    count: { N: String(i) },
    price: { N: `${(i * 7) % 1000}.5` },
    active: { BOOL: i % 2 === 0 },
    tags: { SS: ["red", "green", `t${i % 13}`] },
    payload: { S: `v${version}-${pad(i, 8)}-`.repeat(40).slice(0, 200) },
  };
}

export class WrongAnswer extends Error {}

// Sets come back in any order, and attributes in any order.
function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== "object") return value;
  const out = {};
  for (const k of Object.keys(value).sort()) {
    out[k] = ["SS", "NS", "BS"].includes(k) ? [...value[k]].sort() : canonical(value[k]);
  }
  return out;
}

function expect(got, want, what) {
  const g = JSON.stringify(canonical(got));
  const w = JSON.stringify(canonical(want));
  if (g !== w) throw new WrongAnswer(`${what}: expected ${w.slice(0, 300)}, got ${String(g).slice(0, 300)}`);
}

// --- phases: each takes (driver, n) and resolves to its operation count ------

async function put(d, n) {
  for (let i = 0; i < n; i += 1) await d.put(item(i, n));
  return n;
}

async function get(d, n) {
  for (let i = 0; i < n; i += 1) {
    const got = await d.get(key(i));
    if (i % 97 === 0) expect(got, item(i, n), `GetItem ${i}`);
  }
  return n;
}

async function query(d, n) {
  const parts = partitions(n);
  for (let p = 0; p < parts; p += 1) {
    expect(await d.query(`user#${pad(p, 6)}`), Math.min(GROUP, n - p * GROUP), `Query user#${pad(p, 6)} count`);
  }
  return parts;
}

async function gsiQuery(d, n) {
  const parts = partitions(n);
  let total = 0;
  for (let p = 0; p < parts; p += 1) total += await d.gsiQuery(`group#${pad(p, 6)}`);
  expect(total, n, "GSI Query total count");
  return parts;
}

async function scan(d, n) {
  for (let s = 0; s < SCAN_PASSES; s += 1) expect(await d.scan(), n, "Scan count");
  return SCAN_PASSES;
}

async function update(d, n) {
  for (let i = 0; i < n; i += 1) await d.update(key(i), `v1-${i}`);
  expect((await d.get(key(n - 1))).payload, { S: `v1-${n - 1}` }, "UpdateItem result");
  return n;
}

async function batchWrite(d, n) {
  let batches = 0;
  for (let start = 0; start < n; start += BATCH_WRITE) {
    const items = [];
    for (let i = start; i < Math.min(n, start + BATCH_WRITE); i += 1) items.push(item(i, n, 2));
    await d.batchWrite(items);
    batches += 1;
  }
  return batches;
}

async function batchGet(d, n) {
  let batches = 0;
  for (let start = 0; start < n; start += BATCH_GET) {
    const keys = [];
    for (let i = start; i < Math.min(n, start + BATCH_GET); i += 1) keys.push(key(i));
    expect(await d.batchGet(keys), keys.length, `BatchGetItem at ${start} count`);
    batches += 1;
  }
  return batches;
}

async function del(d, n) {
  for (let i = 0; i < n; i += 1) await d.delete(key(i));
  expect(await d.scan(), 0, "Scan count after deletes");
  return n;
}

// Names and units as in bench/workload.py's PHASES.
export const PHASES = [
  { name: "put", run: put, unit: "PutItem" },
  { name: "get", run: get, unit: "GetItem" },
  { name: "query", run: query, unit: `Query (${GROUP} items)` },
  { name: "gsi_query", run: gsiQuery, unit: `GSI Query (${GROUP} items)` },
  { name: "scan", run: scan, unit: "full Scan (all items, all pages)" },
  { name: "update", run: update, unit: "UpdateItem" },
  { name: "batch_write", run: batchWrite, unit: `BatchWriteItem (${BATCH_WRITE} puts)` },
  { name: "batch_get", run: batchGet, unit: `BatchGetItem (${BATCH_GET} keys)` },
  { name: "delete", run: del, unit: "DeleteItem" },
];

/** Run every phase on `driver`; resolves to `{ phase: ops/s }`. */
export async function runPhases(driver, n) {
  const out = {};
  await driver.setup();
  for (const phase of PHASES) {
    const t0 = performance.now();
    const ops = await phase.run(driver, n);
    out[phase.name] = ops / ((performance.now() - t0) / 1000);
  }
  await driver.teardown();
  return out;
}

/**
 * The workload's verbs as DynamoDB requests over `call(op, request)`, as
 * bench/clients.py's DynamoDriver makes them.
 */
export class DynamoDriver {
  constructor(call) {
    this.call = call;
  }

  async setup() {
    await this.call("CreateTable", CREATE_TABLE);
    const { Table } = await this.call("DescribeTable", { TableName: TABLE });
    if (Table.TableStatus !== "ACTIVE") throw new WrongAnswer(`table is ${Table.TableStatus}, not ACTIVE`);
  }

  async teardown() {
    await this.call("DeleteTable", { TableName: TABLE });
  }

  async put(value) {
    await this.call("PutItem", { TableName: TABLE, Item: value });
  }

  async get(k) {
    return (await this.call("GetItem", { TableName: TABLE, Key: k })).Item;
  }

  async query(pk) {
    return (await this.#all("Query", {
      TableName: TABLE, KeyConditionExpression: "pk = :p", ExpressionAttributeValues: { ":p": { S: pk } },
    })).length;
  }

  async gsiQuery(gpk) {
    return (await this.#all("Query", {
      TableName: TABLE, IndexName: INDEX, KeyConditionExpression: "gpk = :g",
      ExpressionAttributeValues: { ":g": { S: gpk } },
    })).length;
  }

  async scan() {
    return (await this.#all("Scan", { TableName: TABLE })).length;
  }

  async update(k, payload) {
    await this.call("UpdateItem", {
      TableName: TABLE, Key: k,
      UpdateExpression: "SET payload = :p, #c = #c + :one",
      ExpressionAttributeNames: { "#c": "count" },
      ExpressionAttributeValues: { ":p": { S: payload }, ":one": { N: "1" } },
    });
  }

  async batchWrite(items) {
    let pending = { [TABLE]: items.map((i) => ({ PutRequest: { Item: i } })) };
    while (pending && Object.keys(pending).length) {
      pending = (await this.call("BatchWriteItem", { RequestItems: pending })).UnprocessedItems;
    }
  }

  async batchGet(keys) {
    let found = 0;
    let pending = { [TABLE]: { Keys: keys } };
    while (pending && Object.keys(pending).length) {
      const response = await this.call("BatchGetItem", { RequestItems: pending });
      found += (response.Responses[TABLE] ?? []).length;
      pending = response.UnprocessedKeys;
    }
    return found;
  }

  async delete(k) {
    await this.call("DeleteItem", { TableName: TABLE, Key: k });
  }

  async #all(op, request) {
    const items = [];
    for (;;) {
      const response = await this.call(op, request);
      items.push(...response.Items);
      if (!response.LastEvaluatedKey) return items;
      request = { ...request, ExclusiveStartKey: response.LastEvaluatedKey };
    }
  }
}
