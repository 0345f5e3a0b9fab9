// PartiQL through EngineClient on OPFS: the same engine code as natively, so
// this checks the three operations reach it, persist, and fail in DynamoDB's words.
import { expect } from "@playwright/test";
import { openHarness, SONGS, test, uniqueName } from "./helpers.js";

test("ExecuteStatement, BatchExecuteStatement and ExecuteTransaction on OPFS", async ({ page }) => {
  await openHarness(page);
  const out = await page.evaluate(async ({ table, name }) => {
    const db = globalThis.dynoxide.makeClient({ name });
    await db.ready();
    const capabilities = db.capabilities ?? [];
    await db.execute("CreateTable", table);
    const run = (Statement, Parameters) => db.execute("ExecuteStatement", Parameters ? { Statement, Parameters } : { Statement });
    await run(`INSERT INTO "Songs" VALUE {'artist': 'Nina', 'title': 'Feeling Good', 'year': 1965}`);
    await run(`INSERT INTO "Songs" VALUE {'artist': ?, 'title': ?, 'year': ?}`,
      [{ S: "Nina" }, { S: "Sinnerman" }, { N: "1965" }]);
    let duplicate = null;
    try {
      await run(`INSERT INTO "Songs" VALUE {'artist': 'Nina', 'title': 'Sinnerman'}`);
    } catch (e) {
      duplicate = e.type;
    }
    const batch = await db.execute("BatchExecuteStatement", { Statements: [
      { Statement: `UPDATE "Songs" SET plays = 1 WHERE artist = 'Nina' AND title = 'Sinnerman'` },
      { Statement: `INSERT INTO "Songs" VALUE {'artist': 'Nina', 'title': 'Feeling Good'}` },
    ] });
    let cancelled = null;
    try {
      await db.execute("ExecuteTransaction", { TransactStatements: [
        { Statement: `DELETE FROM "Songs" WHERE artist = 'Nina' AND title = 'Feeling Good'` },
        { Statement: `UPDATE "Songs" SET plays = 2 WHERE artist = 'Nobody' AND title = 'x'` },
      ] });
    } catch (e) {
      cancelled = { type: e.type, codes: e.body.CancellationReasons.map((r) => r.Code) };
    }
    // The same name reopened in a new worker: what was written is on OPFS.
    db.terminate();
    const again = globalThis.dynoxide.makeClient({ name });
    await again.ready();
    const items = (await again.execute("ExecuteStatement", {
      Statement: `SELECT title, plays FROM "Songs" WHERE artist = 'Nina' ORDER BY title DESC` })).Items;
    let syntax = null;
    try {
      await again.execute("ExecuteStatement", { Statement: "SELECT * FROM" });
    } catch (e) {
      syntax = e.message;
    }
    again.terminate();
    return { capabilities, duplicate, batch: batch.Responses, cancelled, items, syntax };
  }, { table: SONGS, name: uniqueName("partiql") });

  expect(out.capabilities).toEqual(expect.arrayContaining(["ExecuteStatement", "BatchExecuteStatement",
    "ExecuteTransaction"]));
  expect(out.duplicate).toBe("com.amazonaws.dynamodb.v20120810#DuplicateItemException");
  expect(out.batch[0]).toEqual({ TableName: "Songs" });
  expect(out.batch[1].Error.Code).toBe("DuplicateItem");
  expect(out.cancelled).toEqual({ type: "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
    codes: ["None", "ConditionalCheckFailed"] });
  expect(out.items).toEqual([{ title: { S: "Sinnerman" }, plays: { N: "1" } }, { title: { S: "Feeling Good" } }]);
  expect(out.syntax).toBe("Statement wasn't well formed, can't be processed: Unexpected term");
});
