/**
 * The database: embedded PGlite under DATA_DIR by default, a PostgreSQL server when DATABASE_URL is set.
 * Both are reached through the same Drizzle API, so modules cannot tell which one they run on.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import pg from "pg";
import type { Logger } from "./logger.ts";

export type Db = PgDatabase<PgQueryResultHKT>;
export type Tx = PgTransaction<
  PgQueryResultHKT,
  Record<string, never>,
  ExtractTablesWithRelations<Record<string, never>>
>;
/** Anything a store can run a query on: the database itself or an open transaction. */
export type Executor = Db | Tx;

export interface Database {
  readonly db: Db;
  readonly kind: "pglite" | "postgres";
  /** Applies one module's Drizzle migrations, recorded in that module's own schema. */
  migrate(migrationsFolder: string, schema: string): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  databaseUrl?: string | undefined;
  /** Where PGlite keeps its files; `memory://` for a throwaway in-memory database (tests). */
  dataDir: string;
  logger: Logger;
}

export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  return opts.databaseUrl
    ? openPostgres(opts.databaseUrl, opts.logger)
    : openPglite(opts.dataDir, opts.logger);
}

async function openPostgres(url: string, logger: Logger): Promise<Database> {
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const { migrate } = await import("drizzle-orm/node-postgres/migrator");
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on("error", (err) => logger.error({ err }, "postgres pool error"));
  const db = drizzle({ client: pool }) as unknown as Db;
  return {
    db,
    kind: "postgres",
    async migrate(migrationsFolder, schema) {
      // Several processes may start at once in split mode: one migrates, the others wait.
      const client = await pool.connect();
      try {
        await client.query("SELECT pg_advisory_lock(hashtext($1))", [`gopro-migrate-${schema}`]);
        await migrate(drizzle({ client }), {
          migrationsFolder,
          migrationsSchema: schema,
          migrationsTable: "_migrations",
        });
      } finally {
        await client
          .query("SELECT pg_advisory_unlock(hashtext($1))", [`gopro-migrate-${schema}`])
          .catch(() => {});
        client.release();
      }
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    async close() {
      await pool.end();
    },
  };
}

async function openPglite(dataDir: string, logger: Logger): Promise<Database> {
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  let release = () => {};
  let client: PGlite;
  if (dataDir === "memory://") {
    client = new PGlite();
  } else {
    mkdirSync(dataDir, { recursive: true });
    release = takeLock(path.join(dataDir, "pglite.lock"));
    try {
      client = new PGlite(path.join(dataDir, "pgdata"));
      await client.waitReady;
    } catch (err) {
      release();
      throw err;
    }
    logger.info(
      { dataDir },
      "embedded PGlite database (fsync off: for production durability use DATABASE_URL with PostgreSQL)",
    );
  }
  await client.waitReady;
  const db = drizzle({ client }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    async migrate(migrationsFolder, schema) {
      await migrate(drizzle({ client }), {
        migrationsFolder,
        migrationsSchema: schema,
        migrationsTable: "_migrations",
      });
    },
    async ping() {
      await client.query("select 1");
    },
    async close() {
      try {
        await client.close();
      } finally {
        release();
      }
    },
  };
}

/**
 * PGlite is one process per data directory; a second opener would corrupt it. The lock file holds the
 * owner's pid so a lock left by a crashed process is recognised and taken over.
 */
function takeLock(lockPath: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const owner = Number.parseInt(readFileSync(lockPath, "utf8"), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
        throw new Error(
          `The data directory ${path.dirname(lockPath)} is in use by another GO-PRO process (pid ${owner}). ` +
            "Stop it first, or set DATA_DIR to another folder, or DATABASE_URL to use PostgreSQL.",
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${lockPath}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
