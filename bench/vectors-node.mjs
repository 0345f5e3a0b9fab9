// SearchVectors in the browser build's engine: Pyodide under Node over
// sqlite-wasm in memory (as bench/engine-node.mjs runs it), TopK=10 over
// ITEMS vectors of DIMS dimensions. The browser adds one worker message a call.
//   ITEMS=10000 DIMS=128 SEARCHES=10 node bench/vectors-node.mjs
import { engineInNode } from "./pyodide-node.mjs";
const { browser, openDatabase } = await engineInNode();
const conn = await openDatabase("vectors", { ephemeral: true });
const session = browser.open_session(conn);
const call = (op, req) => {
  const out = session.execute(op, JSON.stringify(req));
  if (out.charCodeAt(0) === 33) throw new Error(out);
  return JSON.parse(out);
};
const N = Number(process.env.ITEMS ?? 10000);
const DIMS = Number(process.env.DIMS ?? 128);
const SEARCHES = Number(process.env.SEARCHES ?? 10);
let seed = 7;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
const vector = () => Array.from({ length: DIMS }, () => ({ N: rand().toFixed(6) }));
const indexes = ["COSINE", "EUCLIDEAN", "DOT_PRODUCT"].map((d) => ({ IndexName: d.toLowerCase(),
  VectorAttribute: { AttributeName: "v" }, Dimensions: DIMS, DistanceFunction: d, Projection: { ProjectionType: "KEYS_ONLY" } }));
call("CreateTable", { TableName: "Bench", BillingMode: "PAY_PER_REQUEST", KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
  AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }], VectorIndexes: indexes });
let t = performance.now();
for (let first = 0; first < N; first += 25) {
  const puts = [];
  for (let n = first; n < Math.min(first + 25, N); n += 1) {
    puts.push({ PutRequest: { Item: { pk: { S: `item${String(n).padStart(6, "0")}` }, v: { L: vector() } } } });
  }
  call("BatchWriteItem", { RequestItems: { Bench: puts } });
}
console.log(`${N} items x ${DIMS} dims, 3 vector indexes: loaded in ${((performance.now() - t) / 1000).toFixed(1)} s`);
for (const index of ["cosine", "euclidean", "dot_product"]) {
  const times = [];
  for (let i = 0; i < SEARCHES; i += 1) {
    const req = { TableName: "Bench", IndexName: index, SearchVector: vector(), TopK: 10 };
    t = performance.now();
    const found = call("SearchVectors", req);
    times.push(performance.now() - t);
    if (found.SearchResults.length !== 10) throw new Error("short answer");
  }
  times.sort((a, b) => a - b);
  console.log(`SearchVectors TopK=10 ${index.padStart(12)}: median ${times[times.length >> 1].toFixed(1)} ms, ` +
    `worst ${times[times.length - 1].toFixed(1)} ms`);
}
