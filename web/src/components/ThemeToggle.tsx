import { type ThemePreference, useTheme } from "../theme.ts";
import { Icon, type IconName } from "./Icon.tsx";

const order: ThemePreference[] = ["system", "light", "dark"];
const icon: Record<ThemePreference, IconName> = { system: "monitor", light: "sun", dark: "moon" };
const label: Record<ThemePreference, string> = { system: "System", light: "Light", dark: "Dark" };

export function ThemeToggle() {
  const { preference, setPreference } = useTheme();
  const next = order[(order.indexOf(preference) + 1) % order.length] ?? "system";
  return (
    <button
      type="button"
      className="btn-ghost px-2.5"
      onClick={() => setPreference(next)}
      aria-label={`Colour theme: ${label[preference]}. Switch to ${label[next]}`}
      title={`Theme: ${label[preference]} (click for ${label[next]})`}
    >
      <Icon name={icon[preference]} className="size-5" />
    </button>
  );
}
