/**
 * Browser mode's first screen: the engine's start-up, step by step. A first
 * visit downloads ~5 MB and starts Python (seconds); later visits restore a
 * snapshot (well under a second). The steps come from the worker's
 * "progress" events; the first one is the page's own (the worker's script
 * and files loading, before the worker can say anything).
 */
import { fill, h } from "../dom.js";

const STEPS = [
  ["load", "Loading the engine worker"],
  ["sqlite", "Starting SQLite (WebAssembly)"],
  ["open", "Opening the database in the browser's storage"],
  ["python", "Starting Python and the engine"],
  ["session", "Opening the engine on the database"],
];

/** Shows the boot until the engine is ready; resolves true, or false after showing why it failed. */
export async function bootView(main, backend) {
  const t0 = performance.now();
  const bar = h("progress", { max: STEPS.length, value: 0, "aria-label": "Engine start-up" });
  const items = new Map(STEPS.map(([phase, text]) => [phase, h("li", { class: "pending" }, text, h("span", { class: "step-time" }))]));
  const elapsed = h("span", { class: "muted" });
  const panel = h("section", { class: "boot panel", "aria-busy": "true", "aria-labelledby": "boot-title" },
    h("h1", { id: "boot-title" }, "Starting the engine in this page"),
    h("p", { class: "muted" }, "DynamoDB runs here, in a Web Worker: Python and SQLite compiled to WebAssembly, ",
      "with your tables kept in the browser's origin-private file system. Nothing leaves the browser."),
    bar, h("ol", { class: "steps" }, [...items.values()]), elapsed);
  fill(main, panel);

  let current = "load";
  let since = t0;
  items.get("load").className = "current";
  const advance = (phase) => {
    if (!items.has(phase) || phase === current) return;
    const now = performance.now();
    const order = STEPS.map(([p]) => p);
    for (const p of order.slice(0, order.indexOf(phase))) {
      const li = items.get(p);
      if (li.className !== "done") {
        li.className = "done";
        if (p === current) li.lastChild.textContent = ` ${((now - since) / 1000).toFixed(1)} s`;
      }
    }
    items.get(phase).className = "current";
    bar.value = order.indexOf(phase);
    current = phase;
    since = now;
  };
  backend.onProgress?.(advance);
  const tick = setInterval(() => { elapsed.textContent = `${((performance.now() - t0) / 1000).toFixed(1)} s`; }, 100);
  try {
    const info = await backend.ready();
    advance("session");
    items.get("session").className = "done";
    bar.value = STEPS.length;
    const snapshot = info?.timings?.snapshot;
    console.info(`dynoxide: engine ready in ${((performance.now() - t0) / 1000).toFixed(2)} s` + (snapshot ? ` (Python: ${snapshot})` : ""));
    return true;
  } catch (err) {
    panel.setAttribute("aria-busy", "false");
    panel.append(h("div", { role: "alert", class: "alert" },
      h("strong", {}, String(err?.type ?? "Error").split("#").pop()), ": ", err?.message ?? String(err),
      h("p", {}, h("button", { type: "button", onclick: () => location.reload() }, "Try again"))));
    return false;
  } finally {
    clearInterval(tick);
  }
}
