import { Link } from "@tanstack/react-router";
import { Page } from "../components/Layout.tsx";
import { useDocumentTitle } from "../lib/useDocumentTitle.ts";

export function NotFoundPage({ what = "page" }: { what?: string }) {
  useDocumentTitle("Not found");
  return (
    <Page>
      <div className="mx-auto max-w-lg py-16 text-center">
        <p className="font-mono text-sm font-semibold text-brand-700 dark:text-brand-400">404</p>
        <h1 className="mt-2 text-3xl font-bold tracking-tight">We couldn't find that {what}</h1>
        <p className="mt-3 text-slate-600 dark:text-slate-400">
          The link may be broken or the {what} may have moved.
        </p>
        <div className="mt-8 flex justify-center gap-3">
          <Link to="/" className="btn-primary">
            Go home
          </Link>
          <Link to="/courses" className="btn-secondary">
            Browse courses
          </Link>
        </div>
      </div>
    </Page>
  );
}
