/**
 * Email templates: each gives a subject, a plain-text body and an HTML body. HTML is built with the
 * `html` tag below, which escapes every interpolated value unless it is already `SafeHtml` (made by the
 * tag itself), so a display name or course title can never inject markup.
 */

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "`": "&#96;",
};

/** Escapes text for HTML element content and quoted attribute values. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"'`]/g, (c) => ESCAPES[c] ?? c);

/** Markup that is already safe: only the `html` tag and `joinHtml` make it. */
export class SafeHtml {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

type HtmlValue = SafeHtml | string | number | ReadonlyArray<SafeHtml>;

const render = (v: HtmlValue): string => {
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map((x: SafeHtml) => x.value).join("");
  return escapeHtml(String(v));
};

/** Tagged template for HTML: interpolations are escaped; nested `html` fragments are kept as they are. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? "";
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? "");
  });
  return new SafeHtml(out);
}

/** One line for a header or a single-line field: no control characters, collapsed whitespace, capped. */
export function oneLine(s: string, max = 200): string {
  const flat = s
    .replace(/\p{Cc}+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Only http(s) links go into a message; anything else becomes the site's home page. */
function safeUrl(url: string, fallback: string): string {
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.toString() : fallback;
  } catch {
    return fallback;
  }
}

export interface Links {
  /** The public address of the web app, e.g. https://learn.example.org (no trailing slash needed). */
  publicUrl: string;
}

/** An absolute link into the web app. */
export function appUrl(publicUrl: string, path: string): string {
  const base = publicUrl.replace(/\/+$/, "");
  return safeUrl(`${base}${path.startsWith("/") ? path : `/${path}`}`, `${base}/`);
}

interface Layout {
  links: Links;
  heading: string;
  /** Paragraphs of the HTML body, already built with `html`. */
  body: SafeHtml[];
  action: { label: string; url: string };
}

function layout(l: Layout): string {
  const settings = appUrl(l.links.publicUrl, "/notifications/settings");
  const action = safeUrl(l.action.url, appUrl(l.links.publicUrl, "/"));
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${l.heading}</title></head>
<body style="margin:0;padding:24px;background:#f4f6f8;font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#1b2733">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:28px">
<p style="margin:0 0 16px;font-weight:700;color:#00758d">GO-PRO</p>
<h1 style="margin:0 0 16px;font-size:22px">${l.heading}</h1>
${l.body.map((p) => html`<p style="margin:0 0 14px;line-height:1.5">${p}</p>\n`)}<p style="margin:22px 0"><a href="${action}" style="background:#00758d;color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none">${l.action.label}</a></p>
<p style="margin:24px 0 0;font-size:12px;color:#5b6b79">You get this email because of your GO-PRO notification settings. <a href="${settings}" style="color:#5b6b79">Change them</a>.</p>
</div>
</body>
</html>
`.value;
}

function textFooter(links: Links): string {
  return `--\nGO-PRO · change which emails you get: ${appUrl(links.publicUrl, "/notifications/settings")}\n`;
}

export function courseCompletedEmail(
  links: Links,
  v: { displayName: string; courseTitle: string; courseSlug: string },
): EmailContent {
  const name = oneLine(v.displayName, 80);
  const title = oneLine(v.courseTitle);
  const url = appUrl(links.publicUrl, `/courses/${encodeURIComponent(v.courseSlug)}`);
  return {
    subject: oneLine(`You completed ${title}`),
    text:
      `Hi ${name},\n\n` +
      `you completed every lesson and exercise of ${title}. Well done!\n\n` +
      `Your course: ${url}\n\n${textFooter(links)}`,
    html: layout({
      links,
      heading: `You completed ${title}`,
      body: [
        html`Hi ${name},`,
        html`you completed every lesson and exercise of <strong>${title}</strong>. Well done!`,
      ],
      action: { label: "Open the course", url },
    }),
  };
}

export function achievementEmail(
  links: Links,
  v: { displayName: string; title: string; description: string },
): EmailContent {
  const name = oneLine(v.displayName, 80);
  const title = oneLine(v.title);
  const description = oneLine(v.description, 500);
  const url = appUrl(links.publicUrl, "/");
  return {
    subject: oneLine(`Achievement unlocked: ${title}`),
    text: `Hi ${name},\n\nyou unlocked the achievement "${title}": ${description}\n\n${url}\n\n${textFooter(links)}`,
    html: layout({
      links,
      heading: `Achievement unlocked: ${title}`,
      body: [html`Hi ${name},`, html`you unlocked <strong>${title}</strong>: ${description}`],
      action: { label: "See your progress", url },
    }),
  };
}

export function mentionEmail(
  links: Links,
  v: { displayName: string; author: string; courseTitle: string; courseSlug: string },
): EmailContent {
  const name = oneLine(v.displayName, 80);
  const author = oneLine(v.author, 80);
  const course = oneLine(v.courseTitle);
  const url = appUrl(links.publicUrl, `/courses/${encodeURIComponent(v.courseSlug)}`);
  return {
    subject: oneLine(`${author} mentioned you in ${course}`),
    text: `Hi ${name},\n\n${author} mentioned you in the chat of ${course}.\n\n${url}\n\n${textFooter(links)}`,
    html: layout({
      links,
      heading: `${author} mentioned you`,
      body: [html`Hi ${name},`, html`<strong>${author}</strong> mentioned you in the chat of ${course}.`],
      action: { label: "Open the chat", url },
    }),
  };
}

export function weeklyDigestEmail(
  links: Links,
  v: { displayName: string; lines: readonly string[]; highlights: readonly string[] },
): EmailContent {
  const name = oneLine(v.displayName, 80);
  const url = appUrl(links.publicUrl, "/");
  const lines = v.lines.map((l) => oneLine(l));
  const highlights = v.highlights.map((h) => oneLine(h));
  const bullet = (items: string[]) => items.map((i) => `  • ${i}\n`).join("");
  const list = (items: string[]) =>
    html`<ul style="margin:0;padding-left:20px">${items.map((i) => html`<li>${i}</li>`)}</ul>`;
  const body = [html`Hi ${name}, here is your week in GO-PRO.`];
  if (lines.length > 0) body.push(html`${list(lines)}`);
  else body.push(html`A quiet week. A few minutes today keeps the habit going.`);
  if (highlights.length > 0) body.push(html`<strong>Highlights</strong>${list(highlights)}`);
  return {
    subject: "Your week in GO-PRO",
    text:
      `Hi ${name}, here is your week in GO-PRO.\n\n` +
      (lines.length > 0 ? bullet(lines) : "A quiet week. A few minutes today keeps the habit going.\n") +
      (highlights.length > 0 ? `\nHighlights:\n${bullet(highlights)}` : "") +
      `\nKeep learning: ${url}\n\n${textFooter(links)}`,
    html: layout({ links, heading: "Your week in GO-PRO", body, action: { label: "Keep learning", url } }),
  };
}
