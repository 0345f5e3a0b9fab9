// The export and import APIs in the browser: with no S3 directory in this host,
// each answers the typed com.dynoxide.wasm#NotAvailableInHost (through execute
// and dispatchHttp alike), none is in the worker's capabilities, and
// exportTable / importTable, the browser's way, still move the table.
import { test, expect } from "@playwright/test";
import { openHarness, SONGS, uniqueName } from "./helpers.js";

const S3_OPS = ["ExportTableToPointInTime", "DescribeExport", "ListExports", "ImportTable", "DescribeImport",
  "ListImports"];

test("the export and import APIs are not available in the browser host, with a typed error", async ({ page }) => {
  await openHarness(page);
  const out = await page.evaluate(async ({ name, table, ops }) => {
    const db = globalThis.dynoxide.makeClient({ name });
    await db.ready();
    await db.execute("CreateTable", table);
    await db.execute("PutItem", { TableName: "Songs", Item: { artist: { S: "a" }, title: { S: "t" } } });
    const failure = async (run) => {
      try {
        await run();
        return null;
      } catch (e) {
        return { type: e.type, message: e.message, isEngineError: e instanceof globalThis.dynoxide.EngineError };
      }
    };
    const tableArn = (await db.execute("DescribeTable", { TableName: "Songs" })).Table.TableArn;
    const exported = await failure(() => db.execute("ExportTableToPointInTime", { TableArn: tableArn, S3Bucket: "my-bucket" }));
    const listed = await failure(() => db.execute("ListImports", {}));
    const http = await db.dispatchHttp("DynamoDB_20120810.ListExports", "{}");
    const blob = await db.exportTable("Songs");
    await db.execute("DeleteTable", { TableName: "Songs" });
    await db.importTable(blob);
    const count = (await db.execute("Scan", { TableName: "Songs" })).Count;
    const supported = ops.filter((op) => db.supports(op));
    db.terminate();
    return { exported, listed, http: { status: http.status, body: JSON.parse(http.body) }, count, supported };
  }, { name: uniqueName("s3-api"), table: SONGS, ops: S3_OPS });
  expect(out.exported.type).toBe("com.dynoxide.wasm#NotAvailableInHost");
  expect(out.exported.isEngineError).toBe(true);
  expect(out.exported.message).toContain("ExportTableToPointInTime is not available in the browser host");
  expect(out.exported.message).toContain("exportTable");
  expect(out.listed.type).toBe("com.dynoxide.wasm#NotAvailableInHost");
  expect(out.http.status).toBe(400);
  expect(out.http.body.__type).toBe("com.dynoxide.wasm#NotAvailableInHost");
  expect(out.supported).toEqual([]);
  expect(out.count).toBe(1);
});
