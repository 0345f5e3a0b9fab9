/**
 * The Export and Import controls: export on a table's screen (the file is
 * downloaded as NAME.tar), import on the table list (a file picker). Both
 * show their progress in place and their failure in the alert region; the
 * backend does the moving (backend.exportTable / importTable).
 */
import { h } from "../dom.js";
import { exportFileName, progressFraction, progressText, saveBlob } from "../transfer.js";

/** A <progress> with its words, updated by the returned `update(progress)`. */
function progressBox(label) {
  const bar = h("progress", { max: 1, "aria-label": label });
  const text = h("span", { class: "muted" }, progressText());
  const box = h("div", { class: "transfer", role: "group", "aria-label": label }, bar, text);
  const update = (progress) => {
    const fraction = progressFraction(progress);
    if (fraction == null) bar.removeAttribute("value");
    else bar.value = fraction;
    text.textContent = progressText(progress);
  };
  return { box, update };
}

/** "Export table": downloads the table; progress beside the button while it runs. */
export function exportControl(ctx, tableName) {
  const slot = h("span", { class: "transfer-slot" });
  const button = h("button", { type: "button", onclick: async () => {
    const { box, update } = progressBox(`Export of ${tableName}`);
    slot.replaceChildren(box);
    button.disabled = true;
    const blob = await ctx.attempt(() => ctx.backend.exportTable(tableName, update));
    button.disabled = false;
    slot.replaceChildren();
    if (!blob) return;
    saveBlob(blob, exportFileName(tableName));
    ctx.notify(`Exported ${tableName} (${progressText({ bytes: blob.size })}).`);
  } }, "Export table");
  return h("span", { class: "exchange" }, slot, button);
}

/** "Import table": a file picker; `onImported(results)` once the tables are in. */
export function importControl(ctx, onImported) {
  const slot = h("span", { class: "transfer-slot" });
  const input = h("input", { type: "file", accept: ".tar,application/x-tar", class: "visually-hidden",
    "aria-label": "Import a table from an export file (.tar)", onchange: async () => {
      const file = input.files[0];
      if (!file) return;
      const { box, update } = progressBox(`Import of ${file.name}`);
      slot.replaceChildren(box);
      const results = await ctx.attempt(() => ctx.backend.importTable(file, update));
      input.value = "";
      slot.replaceChildren();
      if (!results) return;
      ctx.notify(results.map((r) => `Imported ${r.TableName}: ${r.ImportedItemCount} ${r.ImportedItemCount === 1 ? "item" : "items"}`
        + (r.Created ? " (table created)." : ".")).join(" "));
      await ctx.refreshTables();
      onImported?.(results);
    } });
  // A file input cannot be styled: it sits, hidden but focusable, in a
  // label drawn as a button (the input's focus ring is drawn on the label);
  // Tab reaches it and Space or Enter opens the picker.
  return h("span", { class: "exchange" }, slot, h("label", { class: "button file-button" }, input, "Import table"));
}
