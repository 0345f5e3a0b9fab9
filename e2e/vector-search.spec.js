// Vector indexes and SearchVectors in the worker on OPFS: the same engine code
// as natively, so this checks the operation is registered, its results and
// errors arrive in DynamoDB's shape (execute and dispatchHttp), float32 copies
// come back from the index, and the entries persist with their items. One page
// and one worker serve every test here, so the file pays for one boot.
import { expect } from "@playwright/test";
import { openHarness, test, uniqueName } from "./helpers.js";

test.describe.configure({ mode: "serial" });

let page;

const TABLE = {
  TableName: "Docs",
  BillingMode: "PAY_PER_REQUEST",
  KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
  AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "tenant", AttributeType: "S" }],
  VectorIndexes: [
    { IndexName: "cosine", VectorAttribute: { AttributeName: "embedding" }, Dimensions: 3,
      DistanceFunction: "COSINE", Projection: { ProjectionType: "ALL" } },
    { IndexName: "dot", VectorAttribute: { AttributeName: "embedding" }, Dimensions: 3,
      DistanceFunction: "DOT_PRODUCT", Projection: { ProjectionType: "KEYS_ONLY" },
      SearchSchema: [{ AttributeName: "tenant", SearchSchemaElementType: "HASH" }] },
  ],
};
const FIXTURE = { a: ["1", "0", "0"], b: ["0", "1", "0"], c: ["-1", "0", "0"], d: ["0.6", "0.8", "0"] };

test.beforeAll(async ({ sharedContext }) => {
  page = await sharedContext.newPage();
  await openHarness(page);
  await page.evaluate(async ({ name, table, fixture }) => {
    const db = globalThis.dynoxide.makeClient({ name });
    await db.ready();
    await db.execute("CreateTable", table);
    for (const [pk, values] of Object.entries(fixture)) {
      await db.execute("PutItem", { TableName: "Docs", Item: { pk: { S: pk }, tenant: { S: "t1" },
        embedding: { L: values.map((N) => ({ N })) } } });
    }
    globalThis.vectors = { db, name };
  }, { name: uniqueName("vectors"), table: TABLE, fixture: FIXTURE });
});

test.afterAll(async () => {
  await page.evaluate(() => globalThis.vectors.db.terminate());
  await page.close();
});

test("SearchVectors ranks with DynamoDB's float32 scores, best first", async () => {
  const out = await page.evaluate(async () => {
    const { db } = globalThis.vectors;
    const search = (IndexName, extra = {}) => db.execute("SearchVectors", { TableName: "Docs", IndexName, TopK: 10,
      SearchVector: [{ N: "1" }, { N: "0" }, { N: "0" }], ReturnConsumedCapacity: "TOTAL", ...extra });
    const cosine = await search("cosine");
    const dot = await search("dot", { SearchConditionExpression: "tenant = :t",
      ExpressionAttributeValues: { ":t": { S: "t1" } } });
    const projected = await search("cosine", { TopK: 2, ProjectionExpression: "pk, embedding" });
    return { capabilities: db.capabilities, cosine, dot, projected: projected.SearchResults.map((r) => r.Item) };
  });
  expect(out.capabilities).toContain("SearchVectors");
  expect(out.cosine.SearchResults.map((r) => [r.Item.pk.S, r.Score])).toEqual(
    [["a", 0], ["d", 0.3999999761581421], ["b", 1], ["c", 2]]);
  expect(out.cosine.ConsumedCapacity).toEqual({ VectorSearchRequestBytes: 1024 });
  expect(out.dot.SearchResults.map((r) => [r.Item, r.Score])).toEqual([
    [{ pk: { S: "a" }, tenant: { S: "t1" } }, 1], [{ pk: { S: "d" }, tenant: { S: "t1" } }, 0.6000000238418579],
    [{ pk: { S: "b" }, tenant: { S: "t1" } }, 0], [{ pk: { S: "c" }, tenant: { S: "t1" } }, -1]]);
  // The index's float32 copy: "1" comes back as "1.0"; the item keeps what was written.
  expect(out.projected).toEqual([
    { pk: { S: "a" }, embedding: { L: [{ N: "1.0" }, { N: "0.0" }, { N: "0.0" }] } },
    { pk: { S: "d" }, embedding: { L: [{ N: "0.6" }, { N: "0.8" }, { N: "0.0" }] } }]);
});

test("writes keep the index in step, and errors come in DynamoDB's words", async () => {
  const out = await page.evaluate(async () => {
    const { db } = globalThis.vectors;
    const errorOf = async (op, request) => {
      try {
        await db.execute(op, request);
        return null;
      } catch (e) {
        return [e.type.split("#").pop(), e.message];
      }
    };
    await db.execute("UpdateItem", { TableName: "Docs", Key: { pk: { S: "b" } }, UpdateExpression: "REMOVE embedding" });
    await db.execute("DeleteItem", { TableName: "Docs", Key: { pk: { S: "c" } } });
    const left = await db.execute("SearchVectors", { TableName: "Docs", IndexName: "cosine", TopK: 10,
      SearchVector: [{ N: "1" }, { N: "0" }, { N: "0" }] });
    const http = await db.dispatchHttp("DynamoDB_20120810.SearchVectors", JSON.stringify({ TableName: "Docs",
      IndexName: "cosine", TopK: 101, SearchVector: [{ N: "1" }] }));
    return {
      left: left.SearchResults.map((r) => r.Item.pk.S),
      badWrite: await errorOf("PutItem", { TableName: "Docs", Item: { pk: { S: "x" },
        embedding: { L: [{ N: "1" }, { N: "2" }] } } }),
      length: await errorOf("SearchVectors", { TableName: "Docs", IndexName: "cosine", TopK: 1,
        SearchVector: [{ N: "1" }] }),
      scan: await errorOf("Scan", { TableName: "Docs", IndexName: "cosine" }),
      http: { status: http.status, body: JSON.parse(http.body) },
    };
  });
  expect(out.left).toEqual(["a", "d"]);
  expect(out.badWrite).toEqual(["ValidationException", "One or more parameter values were invalid. Invalid size for "
    + "parameter embedding, Expected: 3, Actual: 2 IndexName: cosine"]);
  expect(out.length).toEqual(["ValidationException",
    "Input search vector dimension 1 does not match vector index dimension 3"]);
  expect(out.scan).toEqual(["ValidationException", "Scan operation not supported on this index type"]);
  expect(out.http.status).toBe(400);
  expect(out.http.body.message).toBe(
    "Provided TopK value '101' is out of valid range. The value must be between 1 and 100 inclusive");
});

test("vector entries persist on OPFS with their items", async () => {
  const out = await page.evaluate(async () => {
    const { db, name } = globalThis.vectors;
    db.terminate();
    const again = globalThis.dynoxide.makeClient({ name });
    await again.ready();
    globalThis.vectors.db = again;
    const found = await again.execute("SearchVectors", { TableName: "Docs", IndexName: "cosine", TopK: 10,
      SearchVector: [{ N: "0" }, { N: "1" }, { N: "0" }] });
    const described = await again.execute("DescribeTable", { TableName: "Docs" });
    return { found: found.SearchResults.map((r) => r.Item.pk.S),
      counts: described.Table.VectorIndexes.map((i) => [i.IndexName, i.ItemCount]) };
  });
  expect(out.found).toEqual(["d", "a"]);
  expect(out.counts).toEqual([["cosine", 2], ["dot", 2]]);
});
