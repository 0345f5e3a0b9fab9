// Shared pieces of the browser specs: the harness page and a few tables.
import { expect } from "@playwright/test";

export const HARNESS = "/harness/engine-harness.html";

export async function openHarness(page) {
  await page.goto(HARNESS);
  await page.waitForFunction(() => globalThis.__HARNESS_READY__ === true);
}

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
