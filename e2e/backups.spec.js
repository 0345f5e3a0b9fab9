// Backups and point-in-time recovery in the browser, through EngineClient on
// OPFS: the same engine as natively, except that the worker copies a backup
// while it is idle (a few chunks per sweep) instead of inside CreateBackup, so
// a page polls DescribeBackup until AVAILABLE, as it would against DynamoDB.
// One page and one worker serve the file.
import { expect } from "@playwright/test";
import { harnessPage, SONGS, test, uniqueName } from "./helpers.js";

test.describe.configure({ mode: "serial" });

const NAME = uniqueName("backups");
const OPS = ["CreateBackup", "DeleteBackup", "DescribeBackup", "DescribeContinuousBackups", "ListBackups",
  "RestoreTableFromBackup", "RestoreTableToPointInTime", "UpdateContinuousBackups"];
const INDEXED = {
  ...SONGS,
  AttributeDefinitions: [...SONGS.AttributeDefinitions, { AttributeName: "genre", AttributeType: "S" }],
  GlobalSecondaryIndexes: [{ IndexName: "by-genre", KeySchema: [{ AttributeName: "genre", KeyType: "HASH" }],
    Projection: { ProjectionType: "ALL" } }],
};

let page;

test.beforeAll(async ({ sharedContext }) => {
  page = await harnessPage(sharedContext);
  await page.evaluate(async ({ name, table }) => {
    const db = globalThis.dynoxide.makeClient({ name });
    await db.ready();
    await db.execute("CreateTable", table);
    // Enough items for a backup to take several chunks of the copy.
    for (let start = 0; start < 2500; start += 25) {
      const puts = [];
      for (let i = start; i < start + 25; i += 1) {
        puts.push({ PutRequest: { Item: { artist: { S: `a${i % 17}` }, title: { S: `t${i}` },
          genre: { S: `g${i % 4}` }, plays: { N: String(i) } } } });
      }
      await db.execute("BatchWriteItem", { RequestItems: { Songs: puts } });
    }
    const scanAll = async (TableName, IndexName) => {
      const items = [];
      let ExclusiveStartKey;
      do {
        const page = await db.execute("Scan", { TableName, ...(IndexName ? { IndexName } : {}),
          ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}) });
        items.push(...page.Items);
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return items.map((item) => JSON.stringify(item)).sort();
    };
    globalThis.b = { db, scanAll };
  }, { name: NAME, table: INDEXED });
});

test.afterAll(async () => {
  await page.evaluate(() => globalThis.b?.db.terminate()).catch(() => {});
  await page.close();
});

test("the backup operations are in the worker's capabilities", async () => {
  const supported = await page.evaluate((ops) => ops.filter((op) => globalThis.b.db.supports(op)), OPS);
  expect(supported).toEqual(OPS);
});

test("a backup made while writes go on restores the table as it was, indexes included", async () => {
  const out = await page.evaluate(async () => {
    const { db, scanAll } = globalThis.b;
    const before = await scanAll("Songs");
    const beforeIndex = await scanAll("Songs", "by-genre");
    const created = (await db.execute("CreateBackup", { TableName: "Songs", BackupName: "in-the-browser" })).BackupDetails;
    // Writes while the worker copies: none of them may reach the backup.
    await db.execute("PutItem", { TableName: "Songs", Item: { artist: { S: "a0" }, title: { S: "t0" }, genre: { S: "new" } } });
    await db.execute("DeleteItem", { TableName: "Songs", Key: { artist: { S: "a13" }, title: { S: "t999" } } });
    await db.execute("PutItem", { TableName: "Songs", Item: { artist: { S: "zz" }, title: { S: "late" } } });
    let inUse = null;
    try {
      await db.execute("RestoreTableFromBackup", { TargetTableName: "Early", BackupArn: created.BackupArn });
    } catch (e) {
      inUse = e.type;
    }
    let status = created.BackupStatus;
    for (let tries = 0; tries < 200 && status !== "AVAILABLE"; tries += 1) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await db.execute("DescribeBackup", { BackupArn: created.BackupArn })).BackupDescription.BackupDetails.BackupStatus;
    }
    await db.execute("DeleteTable", { TableName: "Songs" });
    const listed = (await db.execute("ListBackups", { TableName: "Songs" })).BackupSummaries.map((b) => b.BackupArn);
    const restored = await db.execute("RestoreTableFromBackup", { TargetTableName: "Songs", BackupArn: created.BackupArn });
    const table = (await db.execute("DescribeTable", { TableName: "Songs" })).Table;
    return {
      created: created.BackupStatus, inUse, status, listed, arn: created.BackupArn,
      summary: restored.TableDescription.RestoreSummary.SourceBackupArn,
      same: JSON.stringify(await scanAll("Songs")) === JSON.stringify(before),
      sameIndex: JSON.stringify(await scanAll("Songs", "by-genre")) === JSON.stringify(beforeIndex),
      count: table.ItemCount, expected: before.length,
    };
  });
  expect(out.created).toBe("CREATING");
  expect(out.inUse).toBe("com.amazonaws.dynamodb.v20120810#BackupInUseException");
  expect(out.status).toBe("AVAILABLE");
  expect(out.listed).toEqual([out.arn]);
  expect(out.summary).toBe(out.arn);
  expect(out.same).toBe(true);
  expect(out.sameIndex).toBe(true);
  expect(out.count).toBe(out.expected);
});

test("point-in-time recovery restores the latest state and refuses a time outside its window", async () => {
  const out = await page.evaluate(async () => {
    const { db, scanAll } = globalThis.b;
    const enabled = await db.execute("UpdateContinuousBackups", { TableName: "Songs",
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 7 } });
    await db.execute("PutItem", { TableName: "Songs", Item: { artist: { S: "pitr" }, title: { S: "one" } } });
    await db.execute("DeleteItem", { TableName: "Songs", Key: { artist: { S: "a1" }, title: { S: "t1" } } });
    const now = await scanAll("Songs");
    await db.execute("RestoreTableToPointInTime", { SourceTableName: "Songs", TargetTableName: "Latest",
      UseLatestRestorableTime: true });
    let invalid = null;
    try {
      await db.execute("RestoreTableToPointInTime", { SourceTableName: "Songs", TargetTableName: "Old",
        RestoreDateTime: Date.now() / 1000 - 3600 });
    } catch (e) {
      invalid = e.type;
    }
    return {
      pitr: enabled.ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus,
      same: JSON.stringify(await scanAll("Latest")) === JSON.stringify(now), invalid,
    };
  });
  expect(out.pitr).toBe("ENABLED");
  expect(out.same).toBe(true);
  expect(out.invalid).toBe("com.amazonaws.dynamodb.v20120810#InvalidRestoreTimeException");
});

test("open with a region: its ARNs carry it, and a table's ARN names the table", async () => {
  const out = await page.evaluate(async () => {
    const { db } = globalThis.b;
    const eu = globalThis.dynoxide.makeClient({ name: "regions-eu", ephemeral: true, region: "eu-west-1" });
    try {
      await eu.ready();
      const table = (await eu.execute("CreateTable", { TableName: "Notes", BillingMode: "PAY_PER_REQUEST",
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }] })).TableDescription;
      const arn = table.TableArn;
      await eu.execute("PutItem", { TableName: arn, Item: { id: { S: "1" }, text: { S: "hello" } } });
      const got = await eu.execute("BatchGetItem", { RequestItems: { [arn]: { Keys: [{ id: { S: "1" } }] } } });
      const backup = (await eu.execute("CreateBackup", { TableName: arn, BackupName: "notes-now" })).BackupDetails;
      const endpoint = (await eu.execute("DescribeEndpoints", {})).Endpoints[0].Address;
      // The default client's database is us-east-1's, which an eu-west-1 ARN does not name.
      const songsArn = (await db.execute("DescribeTable", { TableName: "Songs" })).Table.TableArn;
      const songsByArn = (await db.execute("DescribeTable", { TableName: songsArn })).Table.TableName;
      let refused = null;
      try {
        await db.execute("GetItem", { TableName: arn, Key: { id: { S: "1" } } });
      } catch (e) {
        refused = { type: e.type, message: e.message };
      }
      return { region: eu.region, arn, responses: Object.keys(got.Responses), text: got.Responses[arn][0].text.S,
        backupArn: backup.BackupArn, endpoint, songsArn, songsByArn, refused };
    } finally {
      eu.terminate();
    }
  });
  expect(out.region).toBe("eu-west-1");
  expect(out.arn).toBe("arn:aws:dynamodb:eu-west-1:000000000000:table/Notes");
  expect(out.responses).toEqual([out.arn]);
  expect(out.text).toBe("hello");
  expect(out.backupArn.startsWith(`${out.arn}/backup/`)).toBe(true);
  expect(out.endpoint).toBe("dynamodb.eu-west-1.amazonaws.com");
  expect(out.songsArn).toBe("arn:aws:dynamodb:us-east-1:000000000000:table/Songs");
  expect(out.songsByArn).toBe("Songs");
  expect(out.refused).toEqual({ type: "com.amazon.coral.validate#ValidationException",
    message: `1 validation error detected: Invalid AWS region in '${out.arn}'` });
});
