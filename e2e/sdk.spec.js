// The AWS SDK for JavaScript v3 (client and DocumentClient), bundled for the
// browser, running against the in-browser engine through EngineRequestHandler.
import { expect } from "@playwright/test";
import { build } from "esbuild";
import { openHarness, SONGS, test, uniqueName } from "./helpers.js";

const ENTRY = `
import * as ddb from "@aws-sdk/client-dynamodb";
import * as lib from "@aws-sdk/lib-dynamodb";
import { EngineRequestHandler } from "./js/sdk-request-handler.js";
globalThis.sdk = { ddb, lib, EngineRequestHandler };
`;

let bundle;
test.beforeAll(async () => {
  const out = await build({
    stdin: { contents: ENTRY, resolveDir: new URL("..", import.meta.url).pathname, loader: "js" },
    bundle: true, format: "iife", platform: "browser", target: "es2022", write: false, logLevel: "error",
  });
  bundle = out.outputFiles[0].text;
});

test.beforeEach(async ({ page }) => {
  await openHarness(page);
  await page.addScriptTag({ content: bundle });
});

test("DynamoDBClient and DocumentClient work offline against the browser engine", async ({ page }) => {
  const out = await page.evaluate(async ({ table, name }) => {
    const { ddb, lib, EngineRequestHandler } = globalThis.sdk;
    const engine = globalThis.dynoxide.makeClient({ name, ephemeral: true });
    await engine.ready();
    const client = new ddb.DynamoDBClient({
      region: "us-east-1", endpoint: "http://dynoxide.invalid",
      credentials: { accessKeyId: "x", secretAccessKey: "x" },
      requestHandler: new EngineRequestHandler(engine),
    });
    const created = await client.send(new ddb.CreateTableCommand(table));
    const doc = lib.DynamoDBDocumentClient.from(client);
    await doc.send(new lib.PutCommand({ TableName: "Songs", Item: { artist: "A", title: "One", plays: 3, tags: new Set(["x"]) } }));
    await doc.send(new lib.PutCommand({ TableName: "Songs", Item: { artist: "A", title: "Two", plays: 5 } }));
    const updated = await doc.send(new lib.UpdateCommand({ TableName: "Songs", Key: { artist: "A", title: "One" },
      UpdateExpression: "ADD plays :n", ExpressionAttributeValues: { ":n": 2 }, ReturnValues: "UPDATED_NEW" }));
    const pages = [];
    for await (const page of lib.paginateQuery({ client: doc, pageSize: 1 }, { TableName: "Songs",
      KeyConditionExpression: "artist = :a", ExpressionAttributeValues: { ":a": "A" } })) {
      pages.push(page.Items.map((i) => i.title));
    }
    let failure = null;
    try {
      await doc.send(new lib.PutCommand({ TableName: "Songs", Item: { artist: "A", title: "Two" },
        ConditionExpression: "attribute_not_exists(artist)" }));
    } catch (err) {
      failure = { isModelled: err instanceof ddb.ConditionalCheckFailedException, name: err.name, message: err.message,
        status: err.$metadata?.httpStatusCode };
    }
    engine.terminate();
    return { arn: created.TableDescription.TableArn, updated: updated.Attributes, pages, failure };
  }, { table: SONGS, name: uniqueName("sdk") });
  expect(out.arn).toBe("arn:aws:dynamodb:us-east-1:000000000000:table/Songs");
  expect(out.updated).toEqual({ plays: 5 });
  expect(out.pages.flat()).toEqual(["One", "Two"]);
  expect(out.failure).toEqual({ isModelled: true, name: "ConditionalCheckFailedException",
    message: "The conditional request failed", status: 400 });
});
