import { Link } from "@tanstack/react-router";
import { Icon } from "./Icon.tsx";

export interface Crumb {
  label: string;
  to?: "/courses" | "/courses/$slug" | "/admin" | "/admin/analytics" | "/notifications";
  slug?: string;
}

export function Breadcrumbs({ items }: { items: Crumb[] }) {
  return (
    <nav aria-label="Breadcrumb" className="text-sm text-slate-600 dark:text-slate-400">
      <ol className="flex flex-wrap items-center gap-1">
        {items.map((c, i) => {
          const last = i === items.length - 1;
          return (
            <li key={`${c.to ?? "here"}:${c.label}`} className="flex items-center gap-1">
              {c.to && !last ? (
                c.to === "/courses/$slug" && c.slug ? (
                  <Link to="/courses/$slug" params={{ slug: c.slug }} className="hover:underline">
                    {c.label}
                  </Link>
                ) : c.to !== "/courses/$slug" ? (
                  <Link to={c.to} className="hover:underline">
                    {c.label}
                  </Link>
                ) : null
              ) : (
                <span
                  aria-current={last ? "page" : undefined}
                  className={last ? "text-slate-900 dark:text-slate-200" : ""}
                >
                  {c.label}
                </span>
              )}
              {last ? null : <Icon name="chevronRight" className="size-3.5 text-slate-400" />}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
