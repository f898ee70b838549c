import { useRouter } from "@tanstack/react-router";
import { type MouseEvent, useMemo } from "react";
import { renderMarkdown, withoutLeadingTitle } from "../lib/markdown.ts";

export function Markdown({
  source,
  className = "",
  pageTitle,
}: {
  source: string;
  className?: string;
  /** When the Markdown opens with this same title as a heading, that heading is skipped. */
  pageTitle?: string;
}) {
  const html = useMemo(
    () => renderMarkdown(pageTitle ? withoutLeadingTitle(source, pageTitle) : source),
    [source, pageTitle],
  );
  const router = useRouter();

  // Links inside course text to other pages of the app navigate in place instead of reloading.
  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const anchor = (e.target as HTMLElement).closest("a");
    const href = anchor?.getAttribute("href");
    if (!href?.startsWith("/") || href.startsWith("//") || href.startsWith("/api/")) return;
    e.preventDefault();
    void router.navigate({ href });
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: delegated handler for the links inside; they stay keyboard-activatable.
    // biome-ignore lint/a11y/useKeyWithClickEvents: Enter on a link fires a click event, which this handles.
    <div
      className={`prose-gopro ${className}`}
      onClick={onClick}
      // biome-ignore lint/security/noDangerouslySetInnerHtml: rendered by marked with raw HTML escaped and link schemes restricted.
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
