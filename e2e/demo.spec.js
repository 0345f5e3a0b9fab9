// The interactive demo page works the way a person would use it.
import { test, expect } from "@playwright/test";
import { uniqueName } from "./helpers.js";

test("the demo page opens a database, creates a table, puts and queries", async ({ page }) => {
  await page.goto("/harness/index.html");
  await page.fill("#name", uniqueName("demo"));
  await page.click("#open");
  await expect(page.locator("#mode")).toHaveText("opfs", { timeout: 30_000 });
  await page.click("[data-action=create]");
  await expect(page.locator("#out")).toContainText('"TableName": "Demo"');
  await page.fill("#note", "from the demo");
  await page.click("[data-action=put]");
  await expect(page.locator("#out")).toHaveText("{}");
  await page.click("[data-action=query]");
  await expect(page.locator("#out")).toContainText("from the demo");
  await page.fill("#op", "GetItem");
  await page.fill("#request", '{"TableName": "Missing", "Key": {"pk": {"S": "x"}}}');
  await page.click("#run");
  await expect(page.locator("#out")).toContainText("ResourceNotFoundException");
  await expect(page.locator("#out")).toHaveClass("error");
});
