const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

export function formatRelative(iso: string, now = Date.now()): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const secs = Math.round((t - now) / 1000);
  const abs = Math.abs(secs);
  if (abs < 45) return "just now";
  if (abs < 3600) return relative.format(Math.round(secs / 60), "minute");
  if (abs < 86_400) return relative.format(Math.round(secs / 3600), "hour");
  if (abs < 7 * 86_400) return relative.format(Math.round(secs / 86_400), "day");
  return dateOnly.format(t);
}

export const formatDateTime = (iso: string): string => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : dateTime.format(t);
};

export const formatDate = (iso: string): string => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : dateOnly.format(t);
};

export const formatMinutes = (m: number): string =>
  m < 60 ? `${m} min` : `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ""}`;

export const formatDuration = (ms: number): string =>
  ms < 1 ? "<1 ms" : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
