// Profile the engine in Pyodide under Node over sqlite-wasm in memory.
//   node bench/engine-node.mjs [phase ...] [--cprofile]   (env: ITEMS, ROUNDS, SORT, TOP, SQL_TIMES, SQL_DIRECT)
import { join } from "node:path";
import { engineInNode } from "./pyodide-node.mjs";
const wt = new URL("..", import.meta.url).pathname;
const args = process.argv.slice(2);
const CPROF = args.includes("--cprofile");
const only = args.filter((a) => !a.startsWith("--"));
const W = await import(join(wt, "bench/workload.js"));
const { pyodide, browser, openDatabase } = await engineInNode();
const conn = await openDatabase("prof", { ephemeral: true });
// Time spent inside the bridge (JS + SQLite), per phase.
const bridge = { ms: 0, calls: 0, bySql: {} };
for (const m of ["query", "write"]) {
  const orig = conn[m].bind(conn);
  conn[m] = (...a) => {
    const t = performance.now();
    try { return orig(...a); } finally {
      const dt = performance.now() - t;
      bridge.ms += dt; bridge.calls += 1;
      if (process.env.SQL_TIMES) { const k = String(a[0]).slice(0, 90); bridge.bySql[k] = (bridge.bySql[k] ?? 0) + dt; }
    }
  };
}
const session = browser.open_session(conn);
const exec = session.execute;
// Time in the page-side JSON work, and in Python's execute (bridge included).
const side = { parseMs: 0, execMs: 0 };
const call = (op, req) => {
  const body = JSON.stringify(req);
  const t0 = performance.now();
  const out = exec(op, body);
  const t1 = performance.now();
  if (out.charCodeAt(0) === 33) throw new Error(out);
  const parsed = JSON.parse(out);
  side.execMs += t1 - t0;
  side.parseMs += performance.now() - t1;
  return parsed;
};
const driver = new W.DynamoDriver(async (op, req) => call(op, req));
const N = Number(process.env.ITEMS ?? 1000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const results = {};
for (let round = 0; round < ROUNDS; round += 1) {
  await driver.setup();
  for (const phase of W.PHASES) {
    const go = only.length === 0 || only.includes(phase.name);
    if (go && CPROF) pyodide.runPython("import cProfile; _p = cProfile.Profile(); _p.enable()");
    bridge.ms = 0; bridge.calls = 0; side.parseMs = 0; side.execMs = 0;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const ops = await phase.run(driver, N);
    const ms = performance.now() - t0;
    if (go && CPROF) {
      pyodide.runPython("_p.disable(); import pstats, io; s = io.StringIO(); " +
        `pstats.Stats(_p, stream=s).sort_stats("${process.env.SORT ?? "tottime"}").print_stats(${Number(process.env.TOP ?? 25)}); print("=== ${phase.name}"); print(s.getvalue()[:12000])`);
    }
    const cpu = process.cpuUsage(c0);
    if (process.env.SQL_TIMES && go) { console.log(phase.name, Object.entries(bridge.bySql).sort((a, b) => b[1] - a[1]).slice(0, 4)); }
    bridge.bySql = {};
    const cpuMs = (cpu.user + cpu.system) / 1000;
    if (process.env.SQL_DIRECT && phase.name === "put") {
      const rows = JSON.parse(conn.query('SELECT pk FROM "t_bench" LIMIT 1', ""));
      const pk = rows[0][0];
      console.log("pk", pk, conn.query('EXPLAIN QUERY PLAN SELECT pk, sk, item, size FROM "t_bench" WHERE pk = ? ORDER BY sk ASC LIMIT ?', JSON.stringify([pk, 512])));
      for (let k = 0; k < 3; k++) {
        const t = performance.now();
        for (let i = 0; i < 50; i++) conn.query('SELECT pk, sk, item, size FROM "t_bench" WHERE pk = ? ORDER BY sk ASC LIMIT ?', JSON.stringify([pk, 512]));
        console.log("direct query", (performance.now() - t) / 50);
      }
    }
    const prev = results[phase.name];
    if (prev && prev.cpuUsPerOp <= Math.round(cpuMs * 1000 / ops)) continue;
    results[phase.name] = { opsPerS: Math.round(ops / (ms / 1000)), cpuUsPerOp: Math.round(cpuMs * 1000 / ops),
      bridgeShare: +(bridge.ms / ms).toFixed(2),
      execUsPerOp: Math.round(side.execMs * 1000 / ops), bridgeUsPerOp: Math.round(bridge.ms * 1000 / ops),
      parseUsPerOp: Math.round(side.parseMs * 1000 / ops), bridgeCallsPerOp: +(bridge.calls / ops).toFixed(1) };
  }
  await driver.teardown();
}
for (const [k, v] of Object.entries(results)) console.log(k.padEnd(12), JSON.stringify(v));
