// Browser benchmark: the built dist/ in headless Chromium, beside raw
// sqlite-wasm in a worker of the same page and the same workload run
// natively, all in one run.
//
//   node bench/browser.mjs [--items 1000] [--rounds 1] [--boot-pairs 3] [--json out.json] [--no-native]
//
// Measures:
// - cold boot (fresh browser profile, nothing cached) and warm boot (the
//   page reloaded, HTTP cache on), from `new EngineClient` to `ready()`,
//   beside Pyodide's bare boot (loadPyodide with nothing loaded, from the same
//   dist/ files, in a fresh profile of its own: bench/pyodide-bare-worker.js).
//   Bare and cold boots are taken in pairs, one after the other, and judged by
//   the median of the pairs' differences: one pair alone swings by 200 ms here;
// - ops/s per phase of bench/workload.py's workload (bench/workload.js is
//   its port) through EngineClient on OPFS;
// - the floor: raw sqlite-wasm from JS on OPFS with the bridge's pragmas
//   (bench/sqlite-floor-worker.js), looping in its worker and driven one
//   message per op from the page;
// - GetItem through EngineClient with 8 requests in flight from the page,
//   against one at a time, over the same items;
// - the same phases natively (bench/run.py --targets sqlite3,embedded, both
//   in memory), and the gzipped size of dist/.
// Not a test: it checks answers, prints figures and target verdicts, and
// exits non-zero only when something could not be measured.
import { chromium } from "@playwright/test";
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync,
  writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { startStaticServer } from "../e2e/static-server.mjs";

const TARGETS = {
  coldOverBareMs: 400, // a first visit's boot, over Pyodide's bare boot
  warmBootMs: 1000,
  // EngineClient's rate as a share of the floor's, one message per op each.
  floorShare: { put: 0.7, get: 0.7, update: 0.7, delete: 0.7, query: 0.5, gsi_query: 0.5, scan: 0.5,
    batch_get: 0.5, batch_write: 0.5 },
  inFlight: 8,
  inFlightSpeedup: 1.5, // GetItem with 8 in flight, over one at a time
  nativeFactor: 3, // every phase within this factor of native embedded
  distGzipBytes: 5_000_000,
};
const WARM_LOADS = 3;
// bench/workload.py's phases, in its order.
const PHASES = ["put", "get", "query", "gsi_query", "scan", "update", "batch_write", "batch_get", "delete"];

const argv = process.argv.slice(2);
const opt = (flag, fallback) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : fallback);
const N = Number(opt("--items", 1000));
const ROUNDS = Math.max(1, Number(opt("--rounds", 1)));
const BOOT_PAIRS = Math.max(1, Number(opt("--boot-pairs", 3)));
const JSON_OUT = opt("--json", null);
const NATIVE = !argv.includes("--no-native");
const repo = new URL("..", import.meta.url).pathname;
const log = (msg) => process.stderr.write(`bench:browser: ${msg}\n`);

// --- dist/ over the wire --------------------------------------------------------

// Measured with GNU gzip -9, as build-wasm.sh budgets it (Node's zlib, a
// Chromium fork, comes out ~1% larger); Node's zlib only where gzip is missing.
function gzippedSize(path, bytes) {
  const gzip = spawnSync("gzip", ["-9", "-c", path], { maxBuffer: 64 << 20 });
  return gzip.status === 0 ? gzip.stdout.length : gzipSync(bytes, { level: 9 }).length;
}

function distSize() {
  const dir = join(repo, "dist");
  const files = readdirSync(dir).filter((f) => statSync(join(dir, f)).isFile()).sort().map((name) => {
    const bytes = readFileSync(join(dir, name));
    return { name, bytes: bytes.length, gzip: gzippedSize(join(dir, name), bytes) };
  });
  return { files, bytes: files.reduce((s, f) => s + f.bytes, 0), gzip: files.reduce((s, f) => s + f.gzip, 0) };
}

// --- native: bench/run.py, same items and rounds ------------------------------

function native(scratch) {
  const python = process.env.PYTHON ?? join(repo, ".venv/bin/python");
  const out = join(scratch, "native.json");
  log(`native: ${python} bench/run.py --targets sqlite3,embedded --items ${N} --rounds ${ROUNDS}`);
  const run = spawnSync(python, [join(repo, "bench/run.py"), "--targets", "sqlite3,embedded", "--items", String(N),
    "--rounds", String(ROUNDS), "--json", out,
    "--log-dir", join(scratch, "native-logs")], { cwd: repo, stdio: ["ignore", "pipe", "inherit"] });
  if (run.status !== 0 || !existsSync(out)) throw new Error(`bench/run.py failed (exit ${run.status}): ${run.error ?? ""}`);
  return JSON.parse(readFileSync(out, "utf8"));
}

// --- the site: the repo's harness, js/ and dist/, plus the floor bundle --------

async function site(scratch) {
  const root = join(scratch, "site");
  mkdirSync(join(root, "floor"), { recursive: true });
  for (const dir of ["dist", "js", "harness", "bench"]) symlinkSync(join(repo, dir), join(root, dir));
  await build({
    entryPoints: [join(repo, "bench/sqlite-floor-worker.js")], outfile: join(root, "floor/sqlite-floor-worker.js"),
    bundle: true, format: "esm", platform: "browser", target: "es2022", logLevel: "warning",
  });
  // Pyodide's loader imports node: builtins only under Node, behind a runtime check.
  await build({
    entryPoints: [join(repo, "bench/pyodide-bare-worker.js")], outfile: join(root, "floor/pyodide-bare-worker.js"),
    bundle: true, format: "esm", platform: "browser", target: "es2022", logLevel: "warning", external: ["node:*", "ws"],
  });
  // sqlite-wasm finds its wasm beside its script, as dist/ ships it.
  copyFileSync(join(repo, "node_modules/@sqlite.org/sqlite-wasm/dist/sqlite3.wasm"), join(root, "floor/sqlite3.wasm"));
  return root;
}

// --- the browser ----------------------------------------------------------------

const best = (rounds) => Object.fromEntries(PHASES.map((p) => [p, Math.max(...rounds.map((r) => r[p] ?? 0)) || null]));

const launch = (profile) => chromium.launchPersistentContext(profile, {
  executablePath: "/usr/bin/chromium", headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});

// `inPage(page)` on the harness page of a fresh profile (nothing cached, no
// OPFS), closed and deleted afterwards.
async function inFreshProfile(base, inPage) {
  const profile = mkdtempSync(join(tmpdir(), "dynoxide-bench-fresh-"));
  const context = await launch(profile);
  try {
    const page = await context.newPage();
    await page.goto(`${base}/harness/engine-harness.html`);
    await page.waitForFunction(() => globalThis.__HARNESS_READY__ === true);
    return await inPage(page);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

// Pyodide booted with nothing loaded (as for the engine's cold boot).
function bareBoot(base) {
  const lockInfo = JSON.parse(readFileSync(join(repo, "node_modules/pyodide/pyodide-lock.json"), "utf8")).info;
  return inFreshProfile(base, (page) => page.evaluate(async ([info]) => (await import("/bench/browser-page.js"))
    .bareBoot("/floor/pyodide-bare-worker.js", new URL("/dist/", location.href).href, info), [lockInfo]));
}

// The engine's first visit: no snapshot yet.
function coldBoot(base) {
  return inFreshProfile(base, (page) => page.evaluate(async () => (await import("/bench/browser-page.js")).boot()));
}

async function browser(root) {
  const server = await startStaticServer({ port: 0, root });
  const base = `http://127.0.0.1:${server.address().port}`;
  const boots = [];
  for (let i = 1; i <= BOOT_PAIRS; i += 1) {
    log(`boot pair ${i}: bare Pyodide, then the engine's cold boot (fresh profiles) ...`);
    const bare = await bareBoot(base);
    boots.push({ bare, cold: await coldBoot(base) });
  }
  const profile = mkdtempSync(join(tmpdir(), "dynoxide-bench-profile-"));
  const context = await launch(profile);
  try {
    const page = await context.newPage();
    page.on("pageerror", (err) => log(`page error: ${err.message}`));
    // The page's own failed loads are logged by URL below (the console line has none; favicon.ico is one).
    page.on("console", (m) => m.type() === "error" && !m.text().startsWith("Failed to load resource") &&
      log(`console: ${m.text()}`));
    context.on("response", (r) => r.status() >= 400 && !r.url().endsWith("/favicon.ico") &&
      log(`HTTP ${r.status()} ${new URL(r.url()).pathname}`));
    const load = async () => {
      await page.goto(`${base}/harness/engine-harness.html`);
      await page.waitForFunction(() => globalThis.__HARNESS_READY__ === true);
    };
    const inPage = (fn, ...args) => page.evaluate(async ([name, rest]) =>
      (await import("/bench/browser-page.js"))[name](...rest), [fn, args]);

    await load();
    const userAgent = await page.evaluate(() => navigator.userAgent);
    log("first boot of the warm profile ...");
    await inPage("boot");
    const warm = [];
    for (let i = 0; i < WARM_LOADS; i += 1) {
      await page.reload();
      await page.waitForFunction(() => globalThis.__HARNESS_READY__ === true);
      log(`warm boot ${i + 1} ...`);
      warm.push(await inPage("boot"));
    }
    const runs = { engine: [], floorLoop: [], floorMessage: [], inFlight: [] };
    for (let r = 1; r <= ROUNDS; r += 1) {
      log(`round ${r}: EngineClient ...`);
      runs.engine.push(await inPage("engine", N));
      log(`round ${r}: sqlite-wasm floor, in-worker loop ...`);
      runs.floorLoop.push(await inPage("floor", N, "/floor/sqlite-floor-worker.js", "loop"));
      log(`round ${r}: sqlite-wasm floor, one message per op ...`);
      runs.floorMessage.push(await inPage("floor", N, "/floor/sqlite-floor-worker.js", "message"));
      log(`round ${r}: GetItem, one at a time and ${TARGETS.inFlight} in flight ...`);
      runs.inFlight.push(await inPage("concurrentGets", N, TARGETS.inFlight));
    }
    const inFlight = runs.inFlight.reduce((a, b) => (b.concurrent / b.sequential > a.concurrent / a.sequential ? b : a));
    return {
      userAgent, boots, warm, inFlight,
      engine: best(runs.engine), floorLoop: best(runs.floorLoop), floorMessage: best(runs.floorMessage), runs,
    };
  } finally {
    await context.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

// --- the report -----------------------------------------------------------------

const num = (v) => (v == null ? "-" : v >= 100 ? Math.round(v).toLocaleString("en-US") : v.toFixed(1));
const verdict = (ok) => (ok ? "PASS" : "FAIL");
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function table(header, rows) {
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

const pct = (v) => `${Math.round(v * 100)}%`;
const signed = (ms) => `${ms >= 0 ? "+" : "-"}${Math.abs(ms).toFixed(0)}`;

function report(results) {
  const { browser: b, native: nat, dist } = results;
  const nativeOps = (target, phase) => nat?.targets?.[target]?.ops_per_s?.[phase] ?? null;
  const share = (p) => b.engine[p] / b.floorMessage[p];
  const rows = PHASES.map((p) => {
    const ours = b.engine[p];
    const embedded = nativeOps("embedded", p);
    const want = TARGETS.floorShare[p];
    return [p, num(ours), num(b.floorMessage[p]), pct(share(p)), `>= ${pct(want)}`, share(p) >= want ? "yes" : "NO",
      num(b.floorLoop[p]), num(embedded), num(nativeOps("sqlite3", p)), embedded ? `${(ours / embedded).toFixed(2)}x` : "-"];
  });
  const warmMs = median(b.warm.map((w) => w.ms));
  const ratios = PHASES.filter((p) => nativeOps("embedded", p)).map((p) => [p, b.engine[p] / nativeOps("embedded", p)]);
  const [worst, worstRatio] = ratios.sort((x, y) => x[1] - y[1])[0] ?? [];
  const missed = PHASES.filter((p) => !(share(p) >= TARGETS.floorShare[p]));
  const speedup = b.inFlight.concurrent / b.inFlight.sequential;
  const overBare = median(b.boots.map(({ bare, cold }) => cold.ms - bare.ms));
  const checks = [
    [`cold boot (no snapshot yet) <= Pyodide's bare boot + ${TARGETS.coldOverBareMs} ms`,
      overBare <= TARGETS.coldOverBareMs,
      `${signed(overBare)} ms, median of ${b.boots.length} pairs (cold ${median(b.boots.map((p) => p.cold.ms)).toFixed(0)} ms, ` +
      `bare ${median(b.boots.map((p) => p.bare.ms)).toFixed(0)} ms: medians)`],
    [`warm boot <= ${TARGETS.warmBootMs} ms`, warmMs <= TARGETS.warmBootMs, `${warmMs.toFixed(0)} ms (median of ${b.warm.length})`],
    ["every phase at its share of the floor (one message per op)", missed.length === 0,
      missed.length ? `missed: ${missed.map((p) => `${p} ${pct(share(p))}`).join(", ")}` : "all met"],
    [`GetItem with ${TARGETS.inFlight} in flight >= ${TARGETS.inFlightSpeedup}x one at a time`, speedup >= TARGETS.inFlightSpeedup,
      `${num(b.inFlight.concurrent)}/s against ${num(b.inFlight.sequential)}/s: ${speedup.toFixed(2)}x`],
    [`every phase within ${TARGETS.nativeFactor}x of native embedded`,
      worst ? worstRatio * TARGETS.nativeFactor >= 1 : null,
      worst ? `worst ${worst} at ${worstRatio.toFixed(2)}x native` : "not measured (--no-native)"],
    [`dist/ <= ${(TARGETS.distGzipBytes / 1e6).toFixed(1)} MB gzipped`, dist.gzip <= TARGETS.distGzipBytes,
      `${(dist.gzip / 1e6).toFixed(2)} MB (${dist.files.length} files, ${(dist.bytes / 1e6).toFixed(2)} MB raw)`],
  ];
  const bootLine = (label, w) => `  ${label.padEnd(6)} ${w.ms.toFixed(0).padStart(5)} ms  (worker: sqlite ` +
    `${w.timings?.sqliteMs?.toFixed(0)} ms, open ${w.timings?.openMs?.toFixed(0)} ms, python ` +
    `${w.timings?.pythonMs?.toFixed(0)} ms, snapshot ${w.timings?.snapshot ?? "-"}` +
    `${w.snapshotAfterReadyMs != null ? ` (written ${w.snapshotAfterReadyMs.toFixed(0)} ms after ready)` : ""}; ` +
    `${w.persistenceMode})`;
  return [
    `dynoxide browser bench: ${results.items} items of ~${nat?.item_bytes ?? 300} B, one table with a GSI; ` +
      `ops/s per phase (higher is better)${results.rounds > 1 ? `, best of ${results.rounds} rounds` : ""}`,
    `browser: ${b.userAgent}`,
    "",
    "Boot, new EngineClient -> ready():",
    ...b.boots.flatMap(({ bare, cold }, i) => [
      `  bare${i + 1}  ${bare.ms.toFixed(0).padStart(5)} ms  (Pyodide alone: loadPyodide, nothing loaded, fresh profile)`,
      bootLine(`cold${i + 1}`, cold) + `  ${signed(cold.ms - bare.ms)} ms`]),
    ...b.warm.map((w, i) => bootLine(`warm${i + 1}`, w)),
    "",
    table(["phase", "EngineClient", "floor msg", "share", "target", "met?", "floor loop", "native emb",
      "native sqlite3", "browser/emb"], rows),
    "",
    `GetItem through EngineClient: ${num(b.inFlight.sequential)}/s one at a time, ` +
      `${num(b.inFlight.concurrent)}/s with ${b.inFlight.inFlight} in flight (${speedup.toFixed(2)}x)`,
    "",
    "  EngineClient    dynoxide in Pyodide in a worker, OPFS (SAHPool), one postMessage per op",
    "  floor msg       raw sqlite-wasm in a worker, OPFS, same pragmas, driven one postMessage per op;",
    "                  reads move the items to the page as JSON text, parsed there, as EngineClient's do",
    "  share           EngineClient / floor msg, measured side by side in this run",
    "  floor loop      the same, every phase looping inside the worker (no messages)",
    "  native emb      dynoxide.Database.memory() in CPython (bench/run.py embedded): in memory, not on disk",
    "  native sqlite3  stdlib sqlite3 in memory, same rows as the floor (bench/run.py sqlite3)",
    "",
    "Targets:",
    ...checks.map(([what, ok, detail]) => `  [${ok == null ? " N/A" : verdict(ok)}] ${what}: ${detail}`),
  ].join("\n");
}

// --- main -----------------------------------------------------------------------

if (!existsSync(join(repo, "dist/dynoxide-worker.js"))) {
  console.error("bench:browser: dist/ has no dynoxide-worker.js; run ./build-wasm.sh first");
  process.exit(2);
}
const scratch = mkdtempSync(join(tmpdir(), "dynoxide-bench-"));
try {
  const dist = distSize();
  const nat = NATIVE ? native(scratch) : null;
  const b = await browser(await site(scratch));
  const results = { items: N, rounds: ROUNDS, targets: TARGETS, dist, browser: b, native: nat };
  console.log(report(results));
  if (JSON_OUT) writeFileSync(JSON_OUT, `${JSON.stringify(results, null, 2)}\n`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
