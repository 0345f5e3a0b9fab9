#!/usr/bin/env node
/**
 * Build step: the engine's memory snapshot, shipped in dist/ so that even a
 * first visit skips CPython's start-up (~2 s of a ~2.5 s cold boot).
 *
 *   node js/build-snapshot.mjs <snapshot file name>    (run by build-wasm.sh)
 *
 * It boots the freshly built worker once in headless Chromium with
 * `?snapshot=local` (a cold boot that imports the whole engine and writes its
 * snapshot to OPFS), reads that file back, gzips it into dist/, then proves
 * it: a fresh browser profile must boot from the shipped file and answer.
 * A snapshot is wasm linear memory, the same in every browser that runs this
 * exact pyodide.asm.wasm; the worker falls back to a cold boot if one ever
 * fails to restore. Exits non-zero (leaving no file) on any failure.
 */
import { chromium } from "@playwright/test";
import { gzipSync } from "node:zlib";
import { rmSync, writeFileSync } from "node:fs";
import { startStaticServer } from "../e2e/static-server.mjs";

const target = process.argv[2];
if (!target) {
  console.error("usage: node js/build-snapshot.mjs <snapshot file name>");
  process.exit(2);
}
const root = new URL("..", import.meta.url).pathname;
const outPath = `${root}dist/${target}`;
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run"];

async function inFreshPage(browser, base, fn, arg) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${base}/harness/engine-harness.html`);
    await page.waitForFunction(() => globalThis.__HARNESS_READY__ === true);
    return await page.evaluate(fn, arg);
  } finally {
    await context.close();
  }
}

const server = await startStaticServer({ port: 0, root });
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", args: ARGS });
let ok = false;
try {
  const made = await inFreshPage(browser, base, async () => {
    const client = new globalThis.dynoxide.EngineClient({
      workerUrl: "/dist/dynoxide-worker.js?snapshot=local",
      name: "build-snapshot",
      ephemeral: true,
    });
    const info = await client.ready();
    client.terminate();
    if (info.timings.snapshot !== "made") throw new Error(`expected a cold boot, got ${info.timings.snapshot}`);
    let dir = await navigator.storage.getDirectory();
    dir = await (await dir.getDirectoryHandle("dynoxide")).getDirectoryHandle(".engine-snapshots");
    const files = [];
    for await (const [name, handle] of dir.entries()) files.push([name, handle]);
    if (files.length !== 1) throw new Error(`expected one snapshot file, found ${files.length}`);
    const bytes = new Uint8Array(await (await files[0][1].getFile()).arrayBuffer());
    const magic = new TextDecoder().decode(bytes.subarray(0, 8));
    const length = Number(new DataView(bytes.buffer).getBigUint64(8, true));
    if (magic !== "DYNXSNAP" || length !== bytes.length - 16) throw new Error("the OPFS snapshot is malformed");
    // Across the page boundary as base64, in slices (String.fromCharCode limits).
    let text = "";
    for (let i = 16; i < bytes.length; i += 0x8000) text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return { name: files[0][0], data: btoa(text) };
  });
  const raw = Buffer.from(made.data, "base64");
  writeFileSync(outPath, gzipSync(raw, { level: 9 }));

  const proof = await inFreshPage(browser, base, async () => {
    const client = globalThis.dynoxide.makeClient({ name: "build-snapshot-proof", ephemeral: true });
    const info = await client.ready();
    const tables = await client.execute("ListTables", {});
    client.terminate();
    return { snapshot: info.timings.snapshot, ms: info.timings.totalMs, tables };
  });
  if (proof.snapshot !== "shipped" || !Array.isArray(proof.tables.TableNames)) {
    throw new Error(`the shipped snapshot did not boot the engine: ${JSON.stringify(proof)}`);
  }
  console.log(`engine snapshot: ${raw.length} bytes, ${target} (boot from it: ${Math.round(proof.ms)} ms)`);
  ok = true;
} catch (err) {
  console.error(`engine snapshot not built: ${err.message ?? err}`);
} finally {
  await browser.close().catch(() => {});
  server.close();
  if (!ok) rmSync(outPath, { force: true });
}
process.exit(ok ? 0 : 1);
