// The console in browser mode: harness/index.html, the same app on
// EngineClient over OPFS, no server behind it. The flow is
// e2e/console-flow.js; this file adds the boot screen and the storage facts.
import { test, expect } from "@playwright/test";
import { consoleTests } from "./console-flow.js";
import { uniqueName } from "./helpers.js";

const getPage = consoleTests("browser", async (browser) => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`/harness/index.html?db=${uniqueName("console")}`);
  // The boot screen says what the engine is doing until it is ready.
  await expect(page.getByRole("progressbar", { name: "Engine start-up" }).or(page.locator("#app[data-ready]"))).toBeAttached();
  return { page, close: () => page.close() };
});

test("browser: the header shows where the data lives, and Persist asks the browser", async () => {
  const page = getPage();
  const header = page.locator("header");
  await expect(header).toContainText("Browser engine");
  await expect(header).toContainText("OPFS");
  await expect(header).toContainText("used");
  const persist = header.getByRole("button", { name: "Persist" });
  if (await persist.count()) {
    await persist.click();
    await expect(page.getByRole("status")).toContainText(/storage/);
  }
  await page.screenshot({ path: test.info().outputPath("console-browser.png") });
});
