// Shared pieces of the browser specs: the harness page and a few tables.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test as base } from "@playwright/test";

export const HARNESS = "/harness/engine-harness.html";

export async function openHarness(page) {
  await page.goto(HARNESS);
  await page.waitForFunction(() => globalThis.__HARNESS_READY__ === true);
}

/** A page of its own in `context` for a spec's `beforeAll`, on the harness, its console errors logged. */
export async function harnessPage(context) {
  const page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") console.log(`page console: ${message.text().slice(0, 2000)}`);
  });
  await openHarness(page);
  return page;
}

/**
 * Playwright's `test`, with one browser context for every test of every spec
 * that imports this one (they run one at a time). Each test still gets a page
 * of its own, with its own workers; what they share is the origin's OPFS, so
 * the engine snapshot the first boot makes (in the background) serves every
 * later boot: a worker restores it in about a second instead of booting
 * Python cold in about five, as it would in a fresh context per test. Specs
 * about first boots, storage or several tabs keep Playwright's own `test`.
 * Names must be unique per test (`uniqueName`), as they already are.
 */
export const test = base.extend({
  sharedContext: [async ({ playwright, launchOptions }, use, workerInfo) => {
    // A profile on disk, not an incognito context: Chromium keeps an incognito
    // context's OPFS in memory, where a write costs ~8x more (PutItem here:
    // 4.5 ms against 0.55 ms).
    const profile = mkdtempSync(join(tmpdir(), "dynoxide-e2e-"));
    const context = await playwright.chromium.launchPersistentContext(profile,
      { ...launchOptions, baseURL: workerInfo.project.use.baseURL });
    // Make the snapshot now, in the boot's path (`?snapshot=local`, as the
    // build does): a test's workers live too briefly to make it in the background.
    const page = await context.newPage();
    await openHarness(page);
    const made = await page.evaluate(async () => {
      const db = globalThis.dynoxide.makeClient({ name: "snapshot-maker", ephemeral: true,
        workerUrl: "/dist/dynoxide-worker.js?snapshot=local" });
      await db.ready();
      db.terminate();
      return db.timings?.snapshot;
    });
    expect(made).toBe("made");
    await page.close();
    await use(context);
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }, { scope: "worker" }],
  // A test's own second tab (`context.newPage()`) joins the same origin storage.
  context: async ({ sharedContext }, use) => use(sharedContext),
  page: async ({ sharedContext }, use) => {
    const page = await sharedContext.newPage();
    await use(page);
    await page.close();
  },
});

export const uniqueName = (prefix) => `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e9)}`;

export const SONGS = {
  TableName: "Songs",
  KeySchema: [
    { AttributeName: "artist", KeyType: "HASH" },
    { AttributeName: "title", KeyType: "RANGE" },
  ],
  AttributeDefinitions: [
    { AttributeName: "artist", AttributeType: "S" },
    { AttributeName: "title", AttributeType: "S" },
  ],
  BillingMode: "PAY_PER_REQUEST",
};

export const SIMPLE = {
  TableName: "Simple",
  KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
  AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
  BillingMode: "PAY_PER_REQUEST",
};

export const WITH_GENRE_INDEX = {
  ...SONGS,
  AttributeDefinitions: [...SONGS.AttributeDefinitions, { AttributeName: "genre", AttributeType: "S" }],
};

export function expectOpfs(mode) {
  expect(mode).toBe("opfs");
}
