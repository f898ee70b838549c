/** Accounts and sessions: registration, login, refresh-token rotation with reuse detection, logout. */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import type { LoginBody, RegisterBody, Role, User } from "../../../common/api.ts";
import { emit } from "../../platform/bus.ts";
import type { Db } from "../../platform/db.ts";
import { AppError } from "../../platform/errors.ts";
import { audit, type RefreshRow, refreshStore, type UserRow, userStore } from "./store.ts";
import { signAccessToken, type TokenSettings } from "./tokens.ts";

export interface IssuedSession {
  user: User;
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: Date;
}

export interface IdentityDeps {
  db: Db;
  tokens: TokenSettings;
  refreshTtl: number;
  now: () => Date;
  /** Called after a transaction that wrote events commits. */
  afterCommit: () => void;
}

// OWASP's argon2id floor (m=19 MiB, t=2, p=1).
const ARGON = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
const BAD_LOGIN = "Email or password is incorrect";
const BAD_REFRESH = "Session expired, please sign in again";

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();
const sha256 = (s: string): string => createHash("sha256").update(s).digest("hex");

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    role: row.role,
    createdAt: row.createdAt.toISOString(),
  };
}

export class IdentityService {
  private readonly d: IdentityDeps;
  // A real hash to verify against when the email is unknown, so both paths cost the same time.
  private dummyHash: Promise<string> | undefined;

  constructor(deps: IdentityDeps) {
    this.d = deps;
  }

  async register(body: RegisterBody, role: Role = "learner"): Promise<IssuedSession> {
    const email = normaliseEmail(body.email);
    const passwordHash = await hash(body.password, ARGON);
    const user = await this.d.db.transaction(async (tx) => {
      if (await userStore.byEmail(tx, email)) {
        throw new AppError("conflict", "An account with this email already exists", {
          details: [{ path: "email", message: "already registered" }],
        });
      }
      const row = await userStore.insert(tx, {
        id: randomUUID(),
        email,
        displayName: body.displayName.trim(),
        passwordHash,
        role,
        lastLoginAt: this.d.now(),
      });
      await audit(tx, randomUUID(), row.id, "register");
      await emit(tx, {
        type: "user.registered",
        actor: row.id,
        aggregateId: row.id,
        payload: { userId: row.id, email: row.email, displayName: row.displayName },
      });
      return row;
    });
    this.d.afterCommit();
    return this.issue(user, randomUUID());
  }

  async login(body: LoginBody): Promise<IssuedSession> {
    const user = await userStore.byEmail(this.d.db, normaliseEmail(body.email));
    this.dummyHash ??= hash(randomUUID(), ARGON);
    const ok = await verify(user?.passwordHash ?? (await this.dummyHash), body.password).catch(() => false);
    if (!user || !ok) {
      await audit(this.d.db, randomUUID(), user?.id ?? null, "login_failed");
      throw new AppError("unauthenticated", BAD_LOGIN);
    }
    await this.d.db.transaction(async (tx) => {
      await userStore.update(tx, user.id, { lastLoginAt: this.d.now() });
      await audit(tx, randomUUID(), user.id, "login");
      await emit(tx, {
        type: "user.logged_in",
        actor: user.id,
        aggregateId: user.id,
        payload: { userId: user.id },
      });
    });
    this.d.afterCommit();
    return this.issue(user, randomUUID());
  }

  /**
   * Exchanges a refresh token for a new pair. A token presented twice means it leaked (or a client
   * raced itself): the whole family is revoked and the user must sign in again.
   */
  async refresh(presented: string): Promise<IssuedSession> {
    const now = this.d.now();
    const row = await refreshStore.byHash(this.d.db, sha256(presented));
    if (!row) throw new AppError("unauthenticated", BAD_REFRESH);
    if (row.revokedAt || row.usedAt) {
      await this.revokeFamily(row, now, "refresh_reuse_detected");
      throw new AppError("unauthenticated", BAD_REFRESH);
    }
    if (row.expiresAt.getTime() <= now.getTime()) throw new AppError("unauthenticated", BAD_REFRESH);
    if (!(await refreshStore.markUsed(this.d.db, row.id, now))) {
      await this.revokeFamily(row, now, "refresh_reuse_detected");
      throw new AppError("unauthenticated", BAD_REFRESH);
    }
    const user = await userStore.byId(this.d.db, row.userId);
    if (!user) throw new AppError("unauthenticated", BAD_REFRESH);
    return this.issue(user, row.familyId);
  }

  async logout(presented: string | undefined): Promise<void> {
    if (!presented) return;
    const row = await refreshStore.byHash(this.d.db, sha256(presented));
    if (row) await this.revokeFamily(row, this.d.now(), "logout");
  }

  async me(userId: string): Promise<User> {
    const row = await userStore.byId(this.d.db, userId);
    if (!row) throw new AppError("not_found", "User not found");
    return toUser(row);
  }

  /** Creates an admin, or promotes an existing account (and resets its password). */
  async createAdmin(
    email: string,
    password: string,
    displayName: string,
  ): Promise<{ user: User; created: boolean }> {
    const existing = await userStore.byEmail(this.d.db, normaliseEmail(email));
    if (existing) {
      await userStore.update(this.d.db, existing.id, {
        role: "admin",
        passwordHash: await hash(password, ARGON),
      });
      await audit(this.d.db, randomUUID(), existing.id, "promoted_admin");
      return { user: toUser({ ...existing, role: "admin" }), created: false };
    }
    const s = await this.register({ email, password, displayName }, "admin");
    return { user: s.user, created: true };
  }

  async listUsers(limit = 500): Promise<Array<User & { lastLoginAt: string | null }>> {
    const rows = await userStore.list(this.d.db, limit);
    return rows.map((r) => ({ ...toUser(r), lastLoginAt: r.lastLoginAt?.toISOString() ?? null }));
  }

  private async revokeFamily(row: RefreshRow, now: Date, action: string): Promise<void> {
    await refreshStore.revokeFamily(this.d.db, row.familyId, now);
    await audit(this.d.db, randomUUID(), row.userId, action, { familyId: row.familyId });
  }

  private async issue(user: UserRow, familyId: string): Promise<IssuedSession> {
    const now = this.d.now();
    const refreshToken = randomBytes(32).toString("base64url");
    const refreshExpiresAt = new Date(now.getTime() + this.d.refreshTtl * 1000);
    await refreshStore.insert(this.d.db, {
      id: randomUUID(),
      userId: user.id,
      familyId,
      tokenHash: sha256(refreshToken),
      expiresAt: refreshExpiresAt,
    });
    const accessToken = await signAccessToken(
      this.d.tokens,
      { userId: user.id, role: user.role, displayName: user.displayName },
      now,
    );
    return {
      user: toUser(user),
      accessToken,
      expiresIn: this.d.tokens.accessTtl,
      refreshToken,
      refreshExpiresAt,
    };
  }
}
