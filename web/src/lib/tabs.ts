/**
 * The WAI-ARIA tabs pattern's arrow keys: the tab ArrowRight / ArrowLeft moves to from `index`
 * (wrapping around), or undefined for any other key.
 */
export function arrowTarget<T>(key: string, index: number, tabs: readonly T[]): T | undefined {
  const delta = key === "ArrowRight" ? 1 : key === "ArrowLeft" ? -1 : 0;
  if (delta === 0 || tabs.length === 0) return undefined;
  return tabs[(index + delta + tabs.length) % tabs.length];
}
