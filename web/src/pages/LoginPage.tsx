import { getRouteApi, Link, useNavigate } from "@tanstack/react-router";
import { type FormEvent, useRef, useState } from "react";
import { isApiError } from "../api.ts";
import { useAuth } from "../auth.tsx";
import { AuthCard } from "../components/AuthCard.tsx";
import { FormField } from "../components/FormField.tsx";
import { Spinner } from "../components/Icon.tsx";
import { ErrorNotice } from "../components/Status.tsx";
import { splitFieldIssues } from "../lib/fieldErrors.ts";
import { useDocumentTitle } from "../lib/useDocumentTitle.ts";

const route = getRouteApi("/login");
const FIELDS = ["email", "password"] as const;
type Field = (typeof FIELDS)[number];

export function LoginPage() {
  useDocumentTitle("Log in");
  const { redirect } = route.useSearch();
  const { login } = useAuth();
  const navigate = useNavigate();
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const email = String(data.get("email") ?? "").trim();
    const password = String(data.get("password") ?? "");
    const missing: Partial<Record<Field, string>> = {};
    if (!email) missing.email = "Enter your email address.";
    if (!password) missing.password = "Enter your password.";
    setError(null);
    setFieldErrors(missing);
    if (Object.keys(missing).length) {
      formRef.current?.querySelector<HTMLInputElement>("[aria-invalid=true]")?.focus();
      return;
    }
    setBusy(true);
    try {
      await login({ email, password });
      await navigate({ to: redirect ?? "/" });
    } catch (err) {
      if (isApiError(err) && err.fieldIssues.length)
        setFieldErrors(splitFieldIssues(err.fieldIssues, FIELDS).byField);
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard
      title="Log in"
      subtitle={
        <>
          New to GO-PRO?{" "}
          <Link to="/register" search={{ redirect }} className="link">
            Create an account
          </Link>
        </>
      }
    >
      <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-4">
        {error ? <ErrorNotice error={error} title="Could not log in" /> : null}
        <FormField
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          error={fieldErrors.email}
        />
        <FormField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={fieldErrors.password}
        />
        <button type="submit" className="btn-primary w-full" disabled={busy}>
          {busy ? <Spinner /> : null}
          {busy ? "Logging in…" : "Log in"}
        </button>
      </form>
    </AuthCard>
  );
}
