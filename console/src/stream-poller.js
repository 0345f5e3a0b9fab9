/**
 * Following a table's stream through DynamoDB Streams' own operations, as
 * any client of an endpoint does: DescribeStream lists the shards,
 * GetShardIterator opens each, GetRecords reads it and hands back the
 * iterator to read next. An endpoint cannot push, so this polls: a round
 * reads every open shard once, and sleeps only when the round found nothing.
 *
 * The engine in the page does not need this: its `subscribe` pushes records
 * as the writes commit (backend.js picks one or the other).
 *
 *   const stop = pollStream(call, streamArn, { from: "LATEST", onRecords, onError });
 *   stop();   // no request is sent, and no callback runs, after this
 *
 * A shard that ends (NextShardIterator absent) has children: the shards are
 * listed again and a new one is read from its start (TRIM_HORIZON), so no
 * record between a parent and its child is missed. An iterator that expired
 * (15 minutes idle, say a laptop asleep) is opened again after the last
 * record read.
 */

export const IDLE_MS = 1000;        // between rounds that found nothing
export const RECORDS_PER_READ = 1000; // GetRecords' own maximum
const ROUNDS_BETWEEN_LISTINGS = 10;  // idle rounds before shards are listed again

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @param call  (op, request) => Promise<response>, DynamoDB JSON 1.0 (backend.call)
 * @param streamArn  the table's LatestStreamArn
 * @param from  "LATEST" (records from now on) or "TRIM_HORIZON" (every kept record)
 * @param onRecords  (records) => void, GetRecords' records in each shard's order
 * @param onError  (error) => void; the polling stops after it
 * @param wait  (ms) => Promise, for tests
 */
export function pollStream(call, streamArn, { from = "LATEST", onRecords, onError, idleMs = IDLE_MS, wait = sleep }) {
  let stopped = false;
  const shards = new Map(); // ShardId -> { iterator (null: read to its end), last: SequenceNumber, type }

  const iteratorFor = async (shardId, type, after) => {
    const request = { StreamArn: streamArn, ShardId: shardId, ShardIteratorType: after ? "AFTER_SEQUENCE_NUMBER" : type };
    if (after) request.SequenceNumber = after;
    return (await call("GetShardIterator", request)).ShardIterator;
  };

  // New shards: at the first listing as `from` says (LATEST skips shards
  // that have ended), afterwards from their start.
  const listShards = async (first) => {
    let start;
    do {
      const { StreamDescription: d } = await call("DescribeStream", { StreamArn: streamArn, ...(start ? { ExclusiveStartShardId: start } : {}) });
      for (const shard of d.Shards ?? []) {
        if (shards.has(shard.ShardId) || stopped) continue;
        const ended = shard.SequenceNumberRange?.EndingSequenceNumber !== undefined;
        const type = first ? from : "TRIM_HORIZON";
        if (type === "LATEST" && ended) {
          shards.set(shard.ShardId, { iterator: null, type });
          continue;
        }
        shards.set(shard.ShardId, { iterator: await iteratorFor(shard.ShardId, type), type });
      }
      start = d.LastEvaluatedShardId;
    } while (start && !stopped);
  };

  const read = async (shardId, shard) => {
    let page;
    try {
      page = await call("GetRecords", { ShardIterator: shard.iterator, Limit: RECORDS_PER_READ });
    } catch (err) {
      if (err?.shortType !== "ExpiredIteratorException" && !/ExpiredIterator/.test(err?.type ?? "")) throw err;
      shard.iterator = await iteratorFor(shardId, shard.type, shard.last);
      return { count: 0, ended: false };
    }
    const records = page.Records ?? [];
    if (records.length) shard.last = records.at(-1).dynamodb.SequenceNumber;
    shard.iterator = page.NextShardIterator ?? null;
    if (records.length && !stopped) onRecords(records);
    return { count: records.length, ended: shard.iterator === null };
  };

  (async () => {
    try {
      await listShards(true);
      let idleRounds = 0;
      while (!stopped) {
        let count = 0;
        let ended = false;
        for (const [shardId, shard] of shards) {
          if (stopped) return;
          if (!shard.iterator) continue;
          const result = await read(shardId, shard);
          count += result.count;
          ended ||= result.ended;
        }
        if (stopped) return;
        idleRounds = count ? 0 : idleRounds + 1;
        if (ended || idleRounds >= ROUNDS_BETWEEN_LISTINGS) {
          idleRounds = 0;
          await listShards(false);
        }
        if (!count) await wait(idleMs);
      }
    } catch (err) {
      if (!stopped) onError?.(err);
    }
  })();

  return () => { stopped = true; };
}
