import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, use, useEffect, useMemo, useRef, useState } from "react";
import { api, getCurrentUser, onSessionChange, restoreSession } from "./api.ts";
import type { LoginBody, RegisterBody, User } from "./types.ts";

export type AuthStatus = "loading" | "anonymous" | "authenticated";

interface AuthContextValue {
  status: AuthStatus;
  user: User | null;
  login(body: LoginBody): Promise<User>;
  register(body: RegisterBody): Promise<User>;
  logout(): Promise<void>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [user, setUser] = useState<User | null>(getCurrentUser);
  const [restored, setRestored] = useState(false);
  const lastUserId = useRef<string | null>(null);

  useEffect(() => {
    const off = onSessionChange((next) => {
      // Per-user data must never leak across accounts: drop it whenever the identity changes.
      const nextId = next?.id ?? null;
      if (nextId !== lastUserId.current) {
        queryClient.removeQueries({ queryKey: ["me"] });
        lastUserId.current = nextId;
      }
      setUser(next);
    });
    restoreSession().then((u) => {
      lastUserId.current = u?.id ?? null;
      setUser(u);
      setRestored(true);
    });
    return off;
  }, [queryClient]);

  const value = useMemo<AuthContextValue>(
    () => ({
      status: !restored ? "loading" : user ? "authenticated" : "anonymous",
      user,
      login: (body) => api.login(body),
      register: (body) => api.register(body),
      logout: async () => {
        await api.logout().catch(() => undefined);
        queryClient.removeQueries({ queryKey: ["me"] });
      },
    }),
    [restored, user, queryClient],
  );

  return <AuthContext value={value}>{children}</AuthContext>;
}

export function useAuth(): AuthContextValue {
  const ctx = use(AuthContext);
  if (!ctx) throw new Error("useAuth must be used inside <AuthProvider>");
  return ctx;
}
