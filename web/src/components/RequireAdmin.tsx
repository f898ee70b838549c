import { Link } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { useAuth } from "../auth.tsx";
import { Page } from "./Layout.tsx";

/** Renders `children` for administrators; others get a way to log in or an explanation. */
export function RequireAdmin({
  title,
  redirect,
  children,
}: {
  title: string;
  redirect: string;
  children: ReactNode;
}) {
  const { user } = useAuth();
  if (!user) {
    return (
      <Page>
        <h1 className="text-2xl font-bold">{title}</h1>
        <p className="mt-3 text-slate-600 dark:text-slate-400">
          <Link to="/login" search={{ redirect }} className="link">
            Log in
          </Link>{" "}
          with an administrator account to see this page.
        </p>
      </Page>
    );
  }
  if (user.role !== "admin") {
    return (
      <Page>
        <h1 className="text-2xl font-bold">{title}</h1>
        <div role="alert" className="mt-4 card p-5 text-slate-700 dark:text-slate-300">
          This page is for administrators. Your account ({user.email}) has the role “{user.role}”.
        </div>
      </Page>
    );
  }
  return <>{children}</>;
}
