/** Calendar day (UTC) of a moment, as YYYY-MM-DD: the unit of streaks. */
export const dayOf = (d: Date): string => d.toISOString().slice(0, 10);

/** Whole days from day `a` to day `b` (both YYYY-MM-DD). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}
