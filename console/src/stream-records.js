/**
 * The stream view's model: the records seen, newest first and bounded (a
 * busy table must not grow the page without end), and each record reduced
 * to what a person scans for: what happened, to which key, and the images.
 */
import { keyText, preview } from "./values.js";

export const MAX_SHOWN = 200;

/** `shown` with `records` (in arrival order) added on top, newest first, at most `max`. */
export function newestFirst(shown, records, max = MAX_SHOWN) {
  const added = records.slice(-max).reverse();
  return added.concat(shown).slice(0, max);
}

/** What the view shows of one GetRecords record. */
export function describeRecord(record) {
  const d = record.dynamodb ?? {};
  const keyNames = Object.keys(d.Keys ?? {});
  return {
    id: record.eventID,
    event: record.eventName,
    keys: keyText(d.Keys ?? {}, keyNames),
    newImage: d.NewImage ? imageText(d.NewImage) : null,
    oldImage: d.OldImage ? imageText(d.OldImage) : null,
    sequence: d.SequenceNumber,
    // ApproximateCreationDateTime is epoch seconds on the wire
    time: d.ApproximateCreationDateTime != null ? new Date(d.ApproximateCreationDateTime * 1000) : null,
    byTtl: record.userIdentity?.principalId === "dynamodb.amazonaws.com",
  };
}

/** An image on one line: `{id: "n1", n: 2}`, cut like the grid's cells. */
export function imageText(image, max = 160) {
  return preview({ M: image }, max);
}
