// The browser build's engine under Node, for the bench scripts that profile
// it without a browser: Pyodide from node_modules, the engine's sources from
// py/ (mounted, not the dist/ zip, so an edit needs no build), every module
// imported, and the sqlite-wasm bridge's openDatabase.
import { loadPyodide } from "pyodide";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const repo = new URL("..", import.meta.url).pathname;

/** `{ pyodide, browser (the dynoxide.browser module), openDatabase }` */
export async function engineInNode() {
  const require = createRequire(join(repo, "package.json"));
  const { openDatabase } = await import(join(repo, "js/sqlite-wasm-bridge.js"));
  const pyodide = await loadPyodide({ indexURL: dirname(require.resolve("pyodide/pyodide.mjs")) });
  pyodide.FS.mkdirTree("/eng");
  pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: join(repo, "py") }, "/eng");
  pyodide.runPython("import sys; sys.path.insert(0, '/eng')");
  const browser = pyodide.pyimport("dynoxide.browser");
  browser.preload();
  return { pyodide, browser, openDatabase };
}
