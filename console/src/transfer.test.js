// Node tests of export and import's words and failures (transfer.js). The
// transfers themselves run in e2e/console-flow.js on both backends.
import { test } from "node:test";
import assert from "node:assert/strict";
import { exportFileName, progressFraction, progressText, routeError } from "./transfer.js";

test("progress reads as items from the engine and bytes from the endpoint", () => {
  assert.equal(progressText(), "starting…");
  assert.equal(progressText({ items: 1 }), "1 item");
  assert.equal(progressText({ items: 12345, bytes: 2048 }), "12,345 items · 2.0 kB");
  assert.equal(progressText({ bytes: 1048576, total: 2097152 }), "1.0 MB of 2.0 MB");
  assert.equal(progressText({ items: 3, done: true }), "3 items · done");
});

test("the bar is a fraction when the size is known, indeterminate otherwise", () => {
  assert.equal(progressFraction({ bytes: 50, total: 200 }), 0.25);
  assert.equal(progressFraction({ items: 10 }), null);
  assert.equal(progressFraction({ items: 10, done: true }), 1);
  assert.equal(progressFraction({ bytes: 300, total: 200 }), 1);
});

test("a route's failure keeps DynamoDB's type and message, or the text as it came", () => {
  const err = routeError(400, '{"__type":"com.dynoxide.exchange#InvalidExport","message":"no manifest"}');
  assert.equal(err.shortType, "InvalidExport");
  assert.equal(err.message, "no manifest");
  const other = routeError(502, "<html>Bad gateway</html>");
  assert.equal(other.shortType, "HTTP 502");
  assert.equal(other.message, "<html>Bad gateway</html>");
  assert.match(routeError(404, "").message, /did not answer/);
});

test("an export is saved under the table's name", () => {
  assert.equal(exportFileName("Orders"), "Orders.tar");
});
