/**
 * Export and import of one table, the file side: the endpoint's routes
 * (`dynoxide serve`'s GET /console/api/export and POST /console/api/import,
 * py/dynoxide/protocol/console_api.py), saving a Blob as a download, and the
 * words for a transfer's progress.
 *
 * Both backends move the same file: a tar of DynamoDB's export layout, one
 * table, as the engine's `exportTable` makes it. So a table exported from the
 * endpoint imports into the page's engine and back.
 *
 * Progress is `{ items?, bytes?, total?, done? }`: the engine counts items,
 * the endpoint counts bytes (fetch reads the download as it comes;
 * XMLHttpRequest, not fetch, reports an upload's progress).
 */
import { ConsoleError } from "./console-error.js";
import { formatBytes } from "./values.js";

/** The file name an export is saved under. */
export const exportFileName = (table) => `${table}.tar`;

/** "1,234 items", "2.1 MB of 5.0 MB", "done". */
export function progressText({ items, bytes, total, done } = {}) {
  const parts = [];
  if (items != null) parts.push(`${items.toLocaleString("en-US")} ${items === 1 ? "item" : "items"}`);
  if (bytes != null) parts.push(total ? `${formatBytes(bytes)} of ${formatBytes(total)}` : formatBytes(bytes));
  if (done) parts.push("done");
  return parts.join(" · ") || "starting…";
}

/** A fraction for <progress value>, or null when the end is unknown (an indeterminate bar). */
export const progressFraction = ({ bytes, total, done } = {}) => (done ? 1 : total && bytes != null ? Math.min(bytes / total, 1) : null);

/** An answer of the console's routes that failed: DynamoDB's JSON error, or the text as it came. */
export function routeError(status, text) {
  try {
    const body = JSON.parse(text);
    if (body?.__type) return new ConsoleError(body.__type, body.message ?? body.Message);
  } catch {
    // not JSON: a proxy's page, or a server without these routes
  }
  return new ConsoleError(`HTTP ${status}`, text.slice(0, 500) || "the export and import routes did not answer");
}

/** GET the endpoint's export of `table` as a Blob, reading it as it arrives. */
export async function fetchExport(base, table, onProgress) {
  let response;
  try {
    response = await fetch(new URL(`console/api/export?table=${encodeURIComponent(table)}`, base));
  } catch (err) {
    throw new ConsoleError("NetworkError", `The endpoint did not answer: ${err.message}`);
  }
  if (!response.ok) throw routeError(response.status, await response.text());
  const total = Number(response.headers.get("Content-Length")) || undefined;
  const reader = response.body.getReader();
  const parts = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    bytes += value.byteLength;
    onProgress?.({ bytes, total });
  }
  onProgress?.({ bytes, total, done: true });
  return new Blob(parts, { type: "application/x-tar" });
}

/** POST a file to the endpoint's import; resolves with its tables' results. */
export function postImport(base, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", new URL("console/api/import", base));
    xhr.setRequestHeader("Content-Type", "application/x-tar");
    xhr.upload.onprogress = (e) => onProgress?.({ bytes: e.loaded, total: e.lengthComputable ? e.total : undefined });
    xhr.onerror = () => reject(new ConsoleError("NetworkError", "The endpoint did not answer the import"));
    xhr.onload = () => {
      if (xhr.status !== 200) return reject(routeError(xhr.status, xhr.responseText));
      onProgress?.({ bytes: file.size, total: file.size, done: true });
      resolve(JSON.parse(xhr.responseText).Tables);
    };
    xhr.send(file);
  });
}

/** Offer a Blob as a download named `name`. */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement("a"), { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by the next task; the URL is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
