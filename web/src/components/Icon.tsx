/** Small inline SVG icon set (stroke icons on a 24px grid); decorative unless given a title. */
const paths = {
  check: "M5 12.5l4.5 4.5L19 7.5",
  x: "M6 6l12 12M18 6L6 18",
  alert: "M12 8v5m0 3.5v.01M10.3 3.9L2.4 18a2 2 0 001.7 3h15.8a2 2 0 001.7-3L13.7 3.9a2 2 0 00-3.4 0z",
  clock: "M12 7v5l3 2m6-2a9 9 0 11-18 0 9 9 0 0118 0z",
  skip: "M5 12h11m0 0l-4-4m4 4l-4 4M19 6v12",
  play: "M7 5.5v13l11-6.5-11-6.5z",
  sun: "M12 3v2m0 14v2m9-9h-2M5 12H3m15.4-6.4L17 7M7 17l-1.4 1.4m12.8 0L17 17M7 7 5.6 5.6M16 12a4 4 0 11-8 0 4 4 0 018 0z",
  moon: "M20 14.5A8.5 8.5 0 019.5 4a8.5 8.5 0 1010.5 10.5z",
  monitor: "M4 5h16v11H4zM9 20h6m-3-4v4",
  menu: "M4 7h16M4 12h16M4 17h16",
  chevronRight: "M9 6l6 6-6 6",
  chevronLeft: "M15 6l-6 6 6 6",
  chevronDown: "M6 9l6 6 6-6",
  book: "M4 5.5A2.5 2.5 0 016.5 3H20v15H6.5A2.5 2.5 0 004 20.5v-15zM4 20.5A2.5 2.5 0 016.5 23H20",
  code: "M8 8l-5 4 5 4m8-8l5 4-5 4m-3-11l-2 14",
  flame:
    "M12 22a7 7 0 007-7c0-4-3-6.5-4-10-2.5 1.5-3.5 4-3.5 6-1-1-1.5-2-1.5-3.5C7 9.5 5 12 5 15a7 7 0 007 7z",
  trophy: "M8 21h8m-4-4v4m-5-17h10v5a5 5 0 01-10 0V4zM7 6H4v2a3 3 0 003 3m10-5h3v2a3 3 0 01-3 3",
  lock: "M7 11V8a5 5 0 0110 0v3M5 11h14v10H5z",
  circle: "M21 12a9 9 0 11-18 0 9 9 0 0118 0z",
  halfCircle: "M12 3a9 9 0 010 18M21 12a9 9 0 11-18 0 9 9 0 0118 0z",
  search: "M21 21l-4.3-4.3M17 10.5a6.5 6.5 0 11-13 0 6.5 6.5 0 0113 0z",
  reset: "M4 4v6h6M4.5 15a8 8 0 102-8.5L4 10",
  history: "M3 12a9 9 0 109-9 9.5 9.5 0 00-6.5 2.6L3 8m0-5v5h5m4-1v5l4 2",
  bulb: "M9 18h6m-5 3h4M12 3a6 6 0 00-3.5 10.9c.6.5 1 1.2 1 2.1h5c0-.9.4-1.6 1-2.1A6 6 0 0012 3z",
  logout: "M15 4h4a1 1 0 011 1v14a1 1 0 01-1 1h-4M10 17l5-5-5-5m5 5H3",
  users:
    "M16 20v-1a4 4 0 00-4-4H6a4 4 0 00-4 4v1m18 0v-1a4 4 0 00-3-3.9M13 4.1a4 4 0 010 7.8M13 7a4 4 0 11-8 0 4 4 0 018 0z",
  server: "M4 4h16v6H4zM4 14h16v6H4zM8 7h.01M8 17h.01",
  arrowRight: "M5 12h14m-6-6l6 6-6 6",
  external: "M14 4h6v6m0-6L10 14M18 14v5a1 1 0 01-1 1H5a1 1 0 01-1-1V7a1 1 0 011-1h5",
  bell: "M6 16v-5a6 6 0 0112 0v5l1.5 2h-15L6 16zM10 21h4",
  mail: "M3 6h18v12H3zM3 7l9 6.5L21 7",
  chart: "M3 21h18M7 17v-5M12 17V7m5 10v-8",
  pulse: "M3 12h4l3-7 4 14 3-7h4",
  sliders: "M4 6h9m4 0h3M4 12h3m4 0h9M4 18h11m4 0h1M15 4v4M9 10v4m8 2v4",
  checkAll: "M2 12.5l4 4L15 7.5M11 15.5l1 1L22 7.5",
  link: "M10 14a4 4 0 005.7 0l3-3a4 4 0 00-5.7-5.7l-1 1M14 10a4 4 0 00-5.7 0l-3 3a4 4 0 005.7 5.7l1-1",
  eye: "M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12zm10 3a3 3 0 100-6 3 3 0 000 6z",
} as const;

export type IconName = keyof typeof paths;

export function Icon({
  name,
  className = "size-5",
  title,
  strokeWidth = 2,
}: {
  name: IconName;
  className?: string;
  title?: string;
  strokeWidth?: number;
}) {
  return (
    <svg
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={strokeWidth}
      strokeLinecap="round"
      strokeLinejoin="round"
      className={className}
      aria-hidden={title ? undefined : true}
      role={title ? "img" : undefined}
      aria-label={title}
      focusable="false"
    >
      {title ? <title>{title}</title> : null}
      <path d={paths[name]} />
    </svg>
  );
}

export function Spinner({ className = "size-4" }: { className?: string }) {
  return (
    <svg viewBox="0 0 24 24" className={`animate-spin ${className}`} aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" strokeOpacity="0.25" strokeWidth="3" />
      <path d="M21 12a9 9 0 00-9-9" fill="none" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
    </svg>
  );
}
