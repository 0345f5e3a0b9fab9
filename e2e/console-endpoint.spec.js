// The console as `dynoxide serve` serves it at /console/, talking DynamoDB
// JSON 1.0 to that same endpoint. The spec starts its own server
// (dynoxide-server.mjs); the flow itself is e2e/console-flow.js, and
// the screenshots of the main screens are checked here (the screens are the
// same on both backends).
import { test, expect } from "@playwright/test";
import { consoleTests } from "./console-flow.js";
import { startDynoxideServer } from "./dynoxide-server.mjs";

let endpoint;
const getPage = consoleTests("endpoint", async (browser) => {
  const started = await startDynoxideServer();
  endpoint = started.endpoint;
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${endpoint}/console/`);
  return {
    page,
    close: async () => {
      await page.close();
      started.server.kill("SIGTERM");
    },
  };
});

test("endpoint: the main screens look as they should", async () => {
  const page = getPage();
  const shot = async (name, locator, mask = []) => {
    await page.mouse.move(0, 0); // no hover state in the picture
    // A notice above `main` (cleared after 5 s) moves it by a fraction of a
    // pixel, which can change the picture's rounded height: wait it out.
    await expect(page.getByRole("status")).toHaveText("", { timeout: 6000 });
    await expect(locator).toHaveScreenshot(`${name}.png`, { animations: "disabled", caret: "hide", maxDiffPixelRatio: 0.01, mask });
  };
  await page.evaluate(() => { location.hash = "#/"; });
  await expect(page.getByRole("table", { name: "Tables" })).toBeVisible();
  await shot("tables", page.locator("main"));

  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Events" }).click();
  await page.getByRole("button", { name: "Run" }).click(); // back to page 1
  await expect(page.locator("main .counts")).toContainText("Page 1");
  await page.getByLabel("Page size").selectOption("25");
  await page.getByRole("button", { name: "Run" }).click();
  await expect(page.locator("main [data-count]")).toHaveText("25");
  await page.setViewportSize({ width: 1280, height: 1400 });
  await shot("explorer", page.locator("main"));
  await page.screenshot({ path: test.info().outputPath("console-endpoint.png") });
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.getByRole("link", { name: /Open item id=event-0000$/ }).click();
  await expect(page.getByLabel("Item", { exact: true })).toHaveValue(/event-0000/);
  await shot("item", page.locator("main"));

  await page.getByRole("link", { name: "Create table" }).first().click();
  await page.getByRole("button", { name: "Add global index" }).click();
  await shot("create-table", page.locator("main"));

  // A stream's records, read from its start (their times are masked: they are the clock's).
  await page.evaluate(async () => {
    const call = (op, request) => globalThis.dynoxideConsole.call(op, request);
    await call("CreateTable", { TableName: "Feed", BillingMode: "PAY_PER_REQUEST",
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" } });
    await call("PutItem", { TableName: "Feed", Item: { id: { S: "note-1" }, text: { S: "Buy milk" }, tags: { SS: ["home"] } } });
    await call("PutItem", { TableName: "Feed", Item: { id: { S: "note-2" }, text: { S: "Call Ada" }, due: { N: "1767225600" } } });
    await call("UpdateItem", { TableName: "Feed", Key: { id: { S: "note-1" } }, UpdateExpression: "SET done = :t",
      ExpressionAttributeValues: { ":t": { BOOL: true } } });
    await call("DeleteItem", { TableName: "Feed", Key: { id: { S: "note-2" } } });
    await globalThis.dynoxideConsole.refreshTables();
  });
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Feed" }).click();
  await page.getByRole("link", { name: "Stream", exact: true }).click();
  await page.getByLabel("Start from").selectOption("TRIM_HORIZON");
  await page.getByRole("button", { name: "Restart" }).click();
  await expect(page.getByRole("list", { name: /Stream records of Feed/ }).getByRole("listitem")).toHaveCount(4);
  await shot("stream", page.locator("main"), [page.locator("main .when")]);
});
