import { and, desc, eq, isNull } from "drizzle-orm";
import type { Executor } from "../../platform/db.ts";
import { auditLog, refreshTokens, users } from "./schema.ts";

export type UserRow = typeof users.$inferSelect;
export type RefreshRow = typeof refreshTokens.$inferSelect;

export const userStore = {
  async byEmail(db: Executor, email: string): Promise<UserRow | undefined> {
    return (await db.select().from(users).where(eq(users.email, email)).limit(1))[0];
  },
  async byId(db: Executor, id: string): Promise<UserRow | undefined> {
    return (await db.select().from(users).where(eq(users.id, id)).limit(1))[0];
  },
  async insert(db: Executor, row: typeof users.$inferInsert): Promise<UserRow> {
    const [created] = await db.insert(users).values(row).returning();
    if (!created) throw new Error("insert returned nothing");
    return created;
  },
  async update(db: Executor, id: string, set: Partial<typeof users.$inferInsert>): Promise<void> {
    await db.update(users).set(set).where(eq(users.id, id));
  },
  async list(db: Executor, limit: number): Promise<UserRow[]> {
    return db.select().from(users).orderBy(desc(users.createdAt)).limit(limit);
  },
};

export const refreshStore = {
  async byHash(db: Executor, tokenHash: string): Promise<RefreshRow | undefined> {
    return (await db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash)).limit(1))[0];
  },
  async insert(db: Executor, row: typeof refreshTokens.$inferInsert): Promise<void> {
    await db.insert(refreshTokens).values(row);
  },
  /** Marks a token used; false when another request used it first (concurrent refresh = reuse). */
  async markUsed(db: Executor, id: string, at: Date): Promise<boolean> {
    const r = await db
      .update(refreshTokens)
      .set({ usedAt: at })
      .where(and(eq(refreshTokens.id, id), isNull(refreshTokens.usedAt)))
      .returning({ id: refreshTokens.id });
    return r.length === 1;
  },
  async revokeFamily(db: Executor, familyId: string, at: Date): Promise<void> {
    await db
      .update(refreshTokens)
      .set({ revokedAt: at })
      .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
  },
};

export async function audit(db: Executor, id: string, userId: string | null, action: string, detail = {}) {
  await db.insert(auditLog).values({ id, userId, action, detail });
}
