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

const route = getRouteApi("/register");
const FIELDS = ["displayName", "email", "password"] as const;
type Field = (typeof FIELDS)[number];

export function RegisterPage() {
  useDocumentTitle("Create your account");
  const { redirect } = route.useSearch();
  const { register } = useAuth();
  const navigate = useNavigate();
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const focusFirstInvalid = () =>
    requestAnimationFrame(() =>
      formRef.current?.querySelector<HTMLInputElement>("[aria-invalid=true]")?.focus(),
    );

  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const body = {
      displayName: String(data.get("displayName") ?? "").trim(),
      email: String(data.get("email") ?? "").trim(),
      password: String(data.get("password") ?? ""),
    };
    const missing: Partial<Record<Field, string>> = {};
    if (!body.displayName) missing.displayName = "Tell us what to call you.";
    if (!body.email) missing.email = "Enter your email address.";
    if (!body.password) missing.password = "Choose a password.";
    setError(null);
    setFieldErrors(missing);
    if (Object.keys(missing).length) {
      focusFirstInvalid();
      return;
    }
    setBusy(true);
    try {
      await register(body);
      await navigate({ to: redirect ?? "/courses" });
    } catch (err) {
      if (isApiError(err) && err.fieldIssues.length) {
        const { byField, other } = splitFieldIssues(err.fieldIssues, FIELDS);
        setFieldErrors(byField);
        // Field problems are shown beside their fields; keep the banner only for what is left.
        setError(other.length || !Object.keys(byField).length ? err : null);
        focusFirstInvalid();
      } else if (isApiError(err) && err.code === "conflict") {
        // The email is taken: say so beside the email field.
        setFieldErrors({ email: err.message });
        focusFirstInvalid();
      } else {
        setError(err);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard
      title="Create your account"
      subtitle={
        <>
          Already have one?{" "}
          <Link to="/login" search={{ redirect }} className="link">
            Log in
          </Link>
        </>
      }
    >
      <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-4">
        {error ? <ErrorNotice error={error} title="Could not create your account" /> : null}
        <FormField
          label="Display name"
          name="displayName"
          autoComplete="nickname"
          required
          maxLength={80}
          error={fieldErrors.displayName}
        />
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
          autoComplete="new-password"
          required
          hint="At least 8 characters."
          error={fieldErrors.password}
        />
        <button type="submit" className="btn-primary w-full" disabled={busy}>
          {busy ? <Spinner /> : null}
          {busy ? "Creating account…" : "Create account"}
        </button>
      </form>
    </AuthCard>
  );
}
