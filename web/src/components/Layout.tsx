import { Link, Outlet, useRouterState } from "@tanstack/react-router";
import { type ReactNode, useEffect, useRef } from "react";
import { Header } from "./Header.tsx";

export function Layout() {
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // After in-app navigation, move focus to the new page so screen readers announce it
  // (only on path changes, so typing in a search box that updates the query string keeps focus).
  // biome-ignore lint/correctness/useExhaustiveDependencies: pathname is the trigger.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.focus({ preventScroll: true });
  }, [pathname]);

  return (
    <div className="flex min-h-dvh flex-col">
      <a href="#main" className="skip-link">
        Skip to main content
      </a>
      <Header />
      <main id="main" ref={mainRef} tabIndex={-1} className="flex-1">
        <Outlet />
      </main>
      <footer className="border-t border-slate-200 py-6 text-sm text-slate-500 dark:border-slate-800 dark:text-slate-400">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-2 px-4 sm:px-6">
          <p>GO-PRO — learn Go by writing Go.</p>
          <nav aria-label="Footer" className="flex gap-4">
            <Link to="/courses" className="hover:underline">
              Courses
            </Link>
            <a href="/api/docs" className="hover:underline">
              API docs
            </a>
          </nav>
        </div>
      </footer>
    </div>
  );
}

/** Standard page container with consistent padding. */
export function Page({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  return (
    <div className={`mx-auto w-full px-4 py-8 sm:px-6 ${wide ? "max-w-7xl" : "max-w-5xl"}`}>{children}</div>
  );
}
