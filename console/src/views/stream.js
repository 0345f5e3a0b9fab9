/**
 * A table's stream, live: its records as they are written, newest at the
 * top, the last MAX_SHOWN kept (stream-records.js). The backend follows the
 * stream (an endpoint by polling GetRecords, the page's engine by
 * `subscribe`); leaving the screen stops it (ctx.onLeave).
 *
 * A table without a stream gets a form to turn one on instead.
 */
import { field, fill, h, select } from "../dom.js";
import { MAX_SHOWN, describeRecord, imageText, newestFirst } from "../stream-records.js";

const STARTS = [["LATEST", "New records (LATEST)"], ["TRIM_HORIZON", "Every kept record (TRIM_HORIZON)"]];
const VIEW_TYPES = [["NEW_AND_OLD_IMAGES", "New and old images"], ["NEW_IMAGE", "New image"],
  ["OLD_IMAGE", "Old image"], ["KEYS_ONLY", "Keys only"]];

export function hasStream(table) {
  return table.StreamSpecification?.StreamEnabled === true && Boolean(table.LatestStreamArn);
}

export async function streamPanel(ctx, panel, table, reload) {
  if (!hasStream(table)) {
    fill(panel, turnOnForm(ctx, table, reload));
    return;
  }
  const name = table.TableName;
  let shown = [];
  let stop = null;
  const start = select(STARTS, "LATEST");
  const state = h("span", { class: "stream-state", "aria-live": "polite" });
  const list = h("ol", { class: "records", "aria-label": `Stream records of ${name}, newest first` });
  const empty = h("p", { class: "muted" });
  const toggle = h("button", { type: "button" });

  const render = () => {
    fill(list, shown.map(recordItem));
    empty.hidden = shown.length > 0;
    empty.textContent = stop ? "Waiting for records: write to the table and they appear here." : "Not following the stream.";
    fill(state, stop ? h("span", { class: "live" }, "● Following") : "Stopped", ` · ${shown.length} ${shown.length === 1 ? "record" : "records"}`,
      shown.length >= MAX_SHOWN ? ` (the newest ${MAX_SHOWN})` : "");
    toggle.textContent = stop ? "Stop" : "Start";
  };
  const halt = () => {
    stop?.();
    stop = null;
  };
  const follow = () => {
    halt();
    stop = ctx.backend.followStream(name, table.LatestStreamArn, {
      from: start.value,
      onRecords: (records) => {
        shown = newestFirst(shown, records);
        render();
      },
      onError: (err) => {
        halt();
        ctx.fail(err);
        render();
      },
    });
    render();
  };
  toggle.addEventListener("click", () => { if (stop) halt(); else follow(); render(); });
  ctx.onLeave(halt);

  fill(panel,
    h("section", { class: "panel" },
      h("form", { class: "stream-bar", "aria-label": "Follow the stream", onsubmit: (e) => { e.preventDefault(); shown = []; follow(); } },
        field("Start from", start),
        h("button", { type: "submit" }, "Restart"),
        toggle,
        h("button", { type: "button", onclick: () => { shown = []; render(); } }, "Clear"),
        state),
      h("p", { class: "muted small" }, `Stream view type: ${table.StreamSpecification.StreamViewType}. `,
        ctx.backend.kind === "engine" ? "Records arrive as their writes commit." : "The endpoint is read with GetRecords about once a second."),
      list, empty));
  follow();
}

function recordItem(record) {
  const r = describeRecord(record);
  return h("li", { class: "record", "data-sequence": r.sequence },
    h("span", { class: `event ${r.event}` }, r.event),
    h("span", { class: "keys" }, r.keys),
    h("time", { class: "when", datetime: r.time?.toISOString() ?? null }, r.time ? r.time.toLocaleTimeString() : "",
      r.byTtl ? " · TTL" : ""),
    (r.newImage || r.oldImage) && h("div", { class: "images" },
      r.newImage && h("span", { title: imageText(record.dynamodb.NewImage, 2000) }, h("b", {}, "New"), r.newImage),
      r.oldImage && h("span", { title: imageText(record.dynamodb.OldImage, 2000) }, h("b", {}, "Old"), r.oldImage)));
}

function turnOnForm(ctx, table, reload) {
  const viewType = select(VIEW_TYPES, "NEW_AND_OLD_IMAGES");
  return h("section", { class: "panel" },
    h("h2", { class: "panel-title" }, "Stream"),
    h("p", { class: "muted" }, "This table has no stream. With one, every write is recorded here as it happens."),
    h("form", { class: "inline", "aria-label": "Turn on the stream", onsubmit: async (e) => {
      e.preventDefault();
      const ok = await ctx.attempt(() => ctx.call("UpdateTable", { TableName: table.TableName,
        StreamSpecification: { StreamEnabled: true, StreamViewType: viewType.value } }));
      if (ok) { ctx.notify("Stream turned on."); reload(); }
    } }, field("Stream view type", viewType), h("button", { type: "submit", class: "primary" }, "Turn on stream")));
}
