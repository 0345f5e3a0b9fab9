/**
 * The dynoxide console: one app, two backends (see backend.js).
 *
 *   import { startConsole, endpointBackend, engineBackend } from "./console.js";
 *   startConsole(document.getElementById("app"), endpointBackend());
 */
export { startConsole } from "./app.js";
export { ConsoleError, endpointBackend, engineBackend } from "./backend.js";
