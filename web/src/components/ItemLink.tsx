import { Link } from "@tanstack/react-router";
import type { ReactNode } from "react";

/** Link to a lesson or an exercise page, whichever kind the item is. */
export function ItemLink({
  kind,
  id,
  className,
  children,
  ...rest
}: {
  kind: "lesson" | "exercise";
  id: string;
  className?: string;
  children: ReactNode;
  "aria-label"?: string;
  rel?: string;
}) {
  return kind === "lesson" ? (
    <Link to="/lessons/$id" params={{ id }} className={className} {...rest}>
      {children}
    </Link>
  ) : (
    <Link to="/exercises/$id" params={{ id }} className={className} {...rest}>
      {children}
    </Link>
  );
}
