// Node tests of the console's pure parts: exact numbers in plain JSON, and
// the requests the explorer and the item editor send. The screens themselves
// are driven in e2e/console-*.spec.js.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readRequest, updateRequest } from "./requests.js";
import { itemNeedsTypes, parseExactJson, parseItem, toPlainJson } from "./values.js";

test("plain JSON keeps every digit of a number, both ways", () => {
  const item = parseItem('{"n": 12345678901234567890.125, "neg": -1e-130, "list": [1, {"x": null}], "ok": true}', "plain");
  assert.deepEqual(item, {
    n: { N: "12345678901234567890.125" }, neg: { N: "-1e-130" },
    list: { L: [{ N: "1" }, { M: { x: { NULL: true } } }] }, ok: { BOOL: true },
  });
  assert.equal(toPlainJson(item, ""), '{"n":12345678901234567890.125,"neg":-1e-130,"list":[1,{"x":null}],"ok":true}');
});

test("plain JSON refuses what is not JSON, and sets or binary need DynamoDB JSON", () => {
  assert.throws(() => parseExactJson('{"a": 01}'), SyntaxError);
  assert.throws(() => parseExactJson('{"a": 1,}'), SyntaxError);
  assert.throws(() => parseItem("[1]", "plain"), SyntaxError);
  assert.equal(itemNeedsTypes({ m: { M: { s: { SS: ["a"] } } } }), true);
  assert.equal(itemNeedsTypes({ m: { M: { s: { S: "a" } } } }), false);
  assert.throws(() => toPlainJson({ b: { B: "AA==" } }));
});

const TABLE = {
  TableName: "Orders",
  KeySchema: [{ AttributeName: "customer", KeyType: "HASH" }, { AttributeName: "orderId", KeyType: "RANGE" }],
  AttributeDefinitions: [{ AttributeName: "customer", AttributeType: "S" }, { AttributeName: "orderId", AttributeType: "N" },
    { AttributeName: "region", AttributeType: "S" }, { AttributeName: "status", AttributeType: "S" }],
  GlobalSecondaryIndexes: [{ IndexName: "g", KeySchema: [{ AttributeName: "region", KeyType: "HASH" },
    { AttributeName: "status", KeyType: "HASH" }, { AttributeName: "orderId", KeyType: "RANGE" }] }],
};

test("a query of a multi-attribute index names every partition attribute, typed by its definition", () => {
  const request = readRequest(TABLE, { mode: "query", index: "g", pageSize: "25", descending: true,
    key: { region: { value: "eu" }, status: { value: "open" }, orderId: { op: "BETWEEN", value: "1", value2: "9" } },
    filter: "#total > :min", values: '{":min": 10.50}', projection: "customer, lines[0].sku" });
  assert.deepEqual(request, {
    TableName: "Orders", IndexName: "g", Limit: 25, ScanIndexForward: false,
    KeyConditionExpression: "#n0 = :k0 AND #n1 = :k1 AND #n2 BETWEEN :k2 AND :k3",
    FilterExpression: "#n3 > :min",
    ProjectionExpression: "#n4, #n5[0].#n6",
    ExpressionAttributeNames: { "#n0": "region", "#n1": "status", "#n2": "orderId", "#n3": "total", "#n4": "customer", "#n5": "lines", "#n6": "sku" },
    ExpressionAttributeValues: { ":k0": { S: "eu" }, ":k1": { S: "open" }, ":k2": { N: "1" }, ":k3": { N: "9" }, ":min": { N: "10.50" } },
  });
  assert.throws(() => readRequest(TABLE, { mode: "query", index: "g", key: { region: { value: "eu" } } }), /"status"/);
});

test("saving an edited item sends only what changed, and nothing when nothing did", () => {
  const before = { customer: { S: "a" }, orderId: { N: "1" }, status: { S: "open" }, total: { N: "5" }, note: { S: "x" } };
  const after = { customer: { S: "a" }, orderId: { N: "1" }, status: { S: "shipped" }, note: { S: "x" }, tags: { SS: ["t"] } };
  assert.deepEqual(updateRequest("Orders", ["customer", "orderId"], before, after), {
    TableName: "Orders", Key: { customer: { S: "a" }, orderId: { N: "1" } },
    UpdateExpression: "SET #n0 = :k0, #n1 = :k1 REMOVE #n2",
    ExpressionAttributeNames: { "#n0": "status", "#n1": "tags", "#n2": "total", "#n3": "customer" },
    ConditionExpression: "attribute_exists(#n3)",
    ExpressionAttributeValues: { ":k0": { S: "shipped" }, ":k1": { SS: ["t"] } },
  });
  assert.equal(updateRequest("Orders", ["customer", "orderId"], before, { ...before }), null);
});
