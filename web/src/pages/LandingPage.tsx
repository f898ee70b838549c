import { Link } from "@tanstack/react-router";
import { Icon, type IconName } from "../components/Icon.tsx";
import { useDocumentTitle } from "../lib/useDocumentTitle.ts";

const sample = `func Hello(name string) string {
	if name == "" {
		name = "World"
	}
	return "Hello, " + name + "!"
}`;

const features: Array<{ icon: IconName; title: string; body: string }> = [
  {
    icon: "code",
    title: "Write real Go",
    body: "Every exercise is a small Go package. You write the code in the browser; the Go toolchain compiles it.",
  },
  {
    icon: "check",
    title: "Tests, not guesses",
    body: "Run the tests and see exactly which case failed, with the message and your own output kept apart.",
  },
  {
    icon: "flame",
    title: "Keep the streak",
    body: "Track progress per course, keep a daily streak and unlock achievements as you go.",
  },
];

export function LandingPage() {
  useDocumentTitle(undefined);
  return (
    <>
      <section className="relative overflow-hidden border-b border-slate-200 bg-gradient-to-b from-brand-50 to-slate-50 dark:border-slate-800 dark:from-brand-950/60 dark:to-slate-950">
        <div className="mx-auto grid max-w-7xl items-center gap-12 px-4 py-16 sm:px-6 sm:py-24 lg:grid-cols-2">
          <div>
            <p className="text-sm font-semibold tracking-wide text-brand-700 uppercase dark:text-brand-300">
              Learn Go by writing Go
            </p>
            <h1 className="mt-3 text-4xl font-extrabold tracking-tight text-balance sm:text-5xl">
              From your first <span className="font-mono text-brand-700 dark:text-brand-400">func</span> to
              confident Go.
            </h1>
            <p className="mt-5 max-w-xl text-lg text-slate-600 dark:text-slate-300">
              Short lessons and hands-on exercises, checked by real <code className="font-mono">go test</code>{" "}
              runs. Get feedback in about a second and learn from every failure.
            </p>
            <div className="mt-8 flex flex-wrap gap-3">
              <Link to="/register" className="btn-primary px-5 py-2.5 text-base">
                Start learning — it's free
              </Link>
              <Link to="/courses" className="btn-secondary px-5 py-2.5 text-base">
                Browse the catalog
              </Link>
            </div>
          </div>
          <figure className="card overflow-hidden shadow-lg" aria-label="Example exercise">
            <div className="flex items-center gap-2 border-b border-slate-200 bg-slate-50 px-4 py-2 dark:border-slate-800 dark:bg-slate-900">
              <span className="size-3 rounded-full bg-red-400" />
              <span className="size-3 rounded-full bg-amber-400" />
              <span className="size-3 rounded-full bg-emerald-400" />
              <span className="ml-2 font-mono text-xs text-slate-500">hello.go</span>
            </div>
            <pre className="overflow-x-auto bg-white p-5 font-mono text-sm leading-6 dark:bg-[#0b1220]">
              <code>{sample}</code>
            </pre>
            <figcaption className="flex items-center gap-2 border-t border-slate-200 bg-emerald-50 px-4 py-3 text-sm font-medium text-emerald-800 dark:border-slate-800 dark:bg-emerald-950/40 dark:text-emerald-300">
              <Icon name="check" className="size-4" strokeWidth={3} /> All 3 tests passed
            </figcaption>
          </figure>
        </div>
      </section>
      <section aria-labelledby="why-heading" className="mx-auto max-w-7xl px-4 py-16 sm:px-6">
        <h2 id="why-heading" className="sr-only">
          Why GO-PRO
        </h2>
        <ul className="grid gap-6 md:grid-cols-3">
          {features.map((f) => (
            <li key={f.title} className="card p-6">
              <span className="grid size-10 place-items-center rounded-lg bg-brand-100 text-brand-800 dark:bg-brand-950 dark:text-brand-300">
                <Icon name={f.icon} />
              </span>
              <h3 className="mt-4 font-semibold">{f.title}</h3>
              <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{f.body}</p>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
