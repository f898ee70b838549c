import { Link, useNavigate, useRouterState } from "@tanstack/react-router";
import { useEffect, useId, useState } from "react";
import { useAuth } from "../auth.tsx";
import { Icon } from "./Icon.tsx";
import { NotificationBell } from "./NotificationBell.tsx";
import { ThemeToggle } from "./ThemeToggle.tsx";

const navLink =
  "rounded-lg px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-200/70 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white";
const navActive = "bg-slate-200/70 text-slate-900 dark:bg-slate-800 dark:text-white";

function Logo() {
  return (
    <Link
      to="/"
      className="flex items-center gap-2 rounded-lg font-bold tracking-tight"
      aria-label="GO-PRO home"
    >
      <span className="grid size-8 place-items-center rounded-lg bg-brand-700 text-sm font-black text-white dark:bg-brand-400 dark:text-slate-950">
        Go
      </span>
      <span className="text-lg">
        GO<span className="text-brand-700 dark:text-brand-400">-PRO</span>
      </span>
    </Link>
  );
}

export function Header() {
  const { user, logout } = useAuth();
  const navigate = useNavigate();
  const [menuOpen, setMenuOpen] = useState(false);
  const menuId = useId();
  const pathname = useRouterState({ select: (s) => s.location.pathname });

  // Close the mobile menu after any navigation.
  // biome-ignore lint/correctness/useExhaustiveDependencies: pathname is the trigger, not a value used inside.
  useEffect(() => setMenuOpen(false), [pathname]);

  const onLogout = async () => {
    await logout();
    await navigate({ to: "/" });
  };

  const links = (
    <>
      {user ? (
        <Link
          to="/"
          className={navLink}
          activeProps={{ className: navActive }}
          activeOptions={{ exact: true }}
        >
          Dashboard
        </Link>
      ) : null}
      <Link to="/courses" className={navLink} activeProps={{ className: navActive }}>
        Courses
      </Link>
      {user?.role === "admin" ? (
        <Link to="/admin" className={navLink} activeProps={{ className: navActive }}>
          Admin
        </Link>
      ) : null}
    </>
  );

  const account = user ? (
    <>
      <span className="truncate text-sm text-slate-600 dark:text-slate-400" title={user.email}>
        <span className="sr-only">Signed in as </span>
        {user.displayName}
      </span>
      <button type="button" className="btn-secondary py-1.5" onClick={onLogout}>
        <Icon name="logout" className="size-4" />
        Log out
      </button>
    </>
  ) : (
    <>
      <Link to="/login" className="btn-ghost py-1.5">
        Log in
      </Link>
      <Link to="/register" className="btn-primary py-1.5">
        Sign up
      </Link>
    </>
  );

  return (
    <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/85 backdrop-blur dark:border-slate-800 dark:bg-slate-950/85">
      <div className="mx-auto flex h-16 max-w-7xl items-center gap-4 px-4 sm:px-6">
        <Logo />
        <nav aria-label="Main" className="hidden items-center gap-1 md:flex">
          {links}
        </nav>
        <div className="ml-auto flex items-center gap-1 md:gap-2">
          <div className="hidden items-center gap-2 md:flex">{account}</div>
          {user ? <NotificationBell /> : null}
          <ThemeToggle />
          <button
            type="button"
            className="btn-ghost px-2.5 md:hidden"
            aria-expanded={menuOpen}
            aria-controls={menuId}
            aria-label="Menu"
            onClick={() => setMenuOpen((o) => !o)}
          >
            <Icon name={menuOpen ? "x" : "menu"} />
          </button>
        </div>
      </div>
      {menuOpen ? (
        <div id={menuId} className="border-t border-slate-200 px-4 py-3 md:hidden dark:border-slate-800">
          <nav aria-label="Main (mobile)" className="flex flex-col gap-1">
            {links}
          </nav>
          <div className="mt-3 flex flex-wrap items-center gap-2 border-t border-slate-200 pt-3 dark:border-slate-800">
            {account}
          </div>
        </div>
      ) : null}
    </header>
  );
}
