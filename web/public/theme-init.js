// Runs before the app bundle so the page never flashes the wrong colour scheme.
(() => {
  let pref = null;
  try {
    pref = localStorage.getItem("gopro:theme");
  } catch {
    // Storage can be unavailable (privacy mode); fall back to the system preference.
  }
  const dark =
    pref === "dark" || (pref !== "light" && window.matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.classList.toggle("dark", dark);
})();
