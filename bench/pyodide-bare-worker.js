/**
 * The yardstick for first-visit boots: Pyodide's own boot with nothing
 * loaded (no engine, no SQLite, no snapshot), from the same dist/ files the
 * engine boots from (pyodide.asm.*, the trimmed python_stdlib.zip).
 * bench/browser.mjs bundles it and times `new Worker` to its reply, as it
 * times `new EngineClient` to `ready()`.
 *
 *   in:  { indexURL, lockInfo }   out: { ok: true, python: "3.x.y" } | { ok: false, error }
 */
import { loadPyodide } from "pyodide";

self.onmessage = async ({ data }) => {
  try {
    const pyodide = await loadPyodide({
      indexURL: data.indexURL,
      packageBaseUrl: data.indexURL,
      lockFileContents: { info: data.lockInfo, packages: {} },
    });
    self.postMessage({ ok: true, python: pyodide.runPython("import sys; sys.version.split()[0]") });
  } catch (err) {
    self.postMessage({ ok: false, error: String(err?.message ?? err) });
  }
};
