import hljs from "highlight.js/lib/core";
import go from "highlight.js/lib/languages/go";
import { Marked } from "marked";

// Only Go is registered: the full highlight.js bundle would add ~300 kB for languages we never show.
hljs.registerLanguage("go", go);

const escapeHtml = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const marked = new Marked({
  gfm: true,
  renderer: {
    code({ text, lang }) {
      const language = (lang ?? "").trim().split(/\s+/)[0]?.toLowerCase() ?? "";
      if (language === "go" || language === "golang") {
        const html = hljs.highlight(text, { language: "go", ignoreIllegals: true }).value;
        return `<pre><code class="hljs language-go">${html}</code></pre>\n`;
      }
      return `<pre><code>${escapeHtml(text)}</code></pre>\n`;
    },
    // Course text is Markdown, not HTML: show raw tags as text rather than letting them into the page.
    html({ text }) {
      return escapeHtml(text);
    },
    // Images only from http(s) or this site; anything else shows its alt text.
    image({ href, title, text }) {
      if (!/^(https?:|\/(?!\/))/i.test(href)) return escapeHtml(text);
      const t = title ? ` title="${escapeHtml(title)}"` : "";
      return `<img src="${escapeHtml(href)}" alt="${escapeHtml(text)}"${t} loading="lazy">`;
    },
    link({ href, title, tokens }) {
      const label = this.parser.parseInline(tokens);
      const safeHref = /^(https?:|mailto:|\/|#)/i.test(href) ? href : "#";
      const external = /^https?:/i.test(safeHref);
      const t = title ? ` title="${escapeHtml(title)}"` : "";
      const ext = external ? ` target="_blank" rel="noopener noreferrer"` : "";
      return `<a href="${escapeHtml(safeHref)}"${t}${ext}>${label}</a>`;
    },
  },
});

/** Drops a leading "# Title" when the page already shows that title as its own heading. */
export function withoutLeadingTitle(source: string, title: string): string {
  const m = /^\s*#\s+(.+?)\s*#*\s*(?:\n|$)/.exec(source);
  if (!m || m[1]?.trim().toLowerCase() !== title.trim().toLowerCase()) return source;
  return source.slice(m[0].length);
}

export function renderMarkdown(source: string): string {
  return marked.parse(source, { async: false });
}
