// The SDK v3 request handler, driven by the real @aws-sdk/client-dynamodb
// against a stand-in engine that records what it is sent.
import assert from "node:assert/strict";
import test from "node:test";
import { ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { EngineRequestHandler } from "./sdk-request-handler.js";

function clientAnswering(answer) {
  const sent = [];
  const engine = {
    async dispatchHttp(target, body, options) {
      sent.push({ target, body: JSON.parse(body), contentType: options.contentType });
      return answer;
    },
  };
  const client = new DynamoDBClient({
    region: "us-east-1",
    endpoint: "http://dynoxide.invalid",
    credentials: { accessKeyId: "x", secretAccessKey: "x" },
    requestHandler: new EngineRequestHandler(engine),
    maxAttempts: 1,
  });
  return { client, sent };
}

test("a command reaches the engine as its target, JSON body and content type; the answer is parsed", async () => {
  const { client, sent } = clientAnswering({
    status: 200,
    headers: { "Content-Type": "application/x-amz-json-1.0", "x-amzn-RequestId": "r1" },
    body: JSON.stringify({ Item: { pk: { S: "a" }, n: { N: "12345678901234567890.5" } } }),
  });
  const out = await client.send(new GetItemCommand({ TableName: "tbl", Key: { pk: { S: "a" } } }));
  assert.deepEqual(sent, [{
    target: "DynamoDB_20120810.GetItem",
    body: { TableName: "tbl", Key: { pk: { S: "a" } } },
    contentType: "application/x-amz-json-1.0",
  }]);
  assert.deepEqual(out.Item, { pk: { S: "a" }, n: { N: "12345678901234567890.5" } });
  assert.equal(out.$metadata.httpStatusCode, 200);
});

test("an engine error becomes the SDK's modelled exception with DynamoDB's message", async () => {
  const { client } = clientAnswering({
    status: 400,
    headers: { "Content-Type": "application/x-amz-json-1.0" },
    body: JSON.stringify({ __type: "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
      message: "The conditional request failed" }),
  });
  await assert.rejects(
    client.send(new PutItemCommand({ TableName: "tbl", Item: { pk: { S: "a" } }, ConditionExpression: "attribute_not_exists(pk)" })),
    (err) => err instanceof ConditionalCheckFailedException && err.message === "The conditional request failed",
  );
});

test("an aborted request is not sent", async () => {
  const handler = new EngineRequestHandler({ dispatchHttp: () => assert.fail("sent") });
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(handler.handle({ headers: {}, body: "{}" }, { abortSignal: controller.signal }), { name: "AbortError" });
});
