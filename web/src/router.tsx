import { createRootRoute, createRoute, createRouter, lazyRouteComponent } from "@tanstack/react-router";
import { Layout } from "./components/Layout.tsx";
import { CatalogPage, type CatalogSearch } from "./pages/CatalogPage.tsx";
import { HomePage } from "./pages/HomePage.tsx";
import { LoginPage } from "./pages/LoginPage.tsx";
import { NotFoundPage } from "./pages/NotFoundPage.tsx";
import { RegisterPage } from "./pages/RegisterPage.tsx";
import type { Level } from "./types.ts";

const LEVELS: readonly Level[] = ["beginner", "intermediate", "advanced"];
const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v : undefined);

/** Only accept same-site paths as a post-login destination (no open redirects). */
const safeRedirect = (v: unknown): string | undefined => {
  const s = str(v);
  return s?.startsWith("/") && !s.startsWith("//") ? s : undefined;
};

const rootRoute = createRootRoute({ component: Layout, notFoundComponent: () => <NotFoundPage /> });

const indexRoute = createRoute({ getParentRoute: () => rootRoute, path: "/", component: HomePage });

const coursesRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/courses",
  validateSearch: (s: Record<string, unknown>): CatalogSearch => ({
    q: str(s.q),
    level: LEVELS.find((l) => l === s.level),
    tag: str(s.tag),
  }),
  component: CatalogPage,
});

const courseRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/courses/$slug",
  component: lazyRouteComponent(() => import("./pages/CoursePage.tsx"), "CoursePage"),
});

const lessonRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/lessons/$id",
  component: lazyRouteComponent(() => import("./pages/LessonPage.tsx"), "LessonPage"),
});

const exerciseRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/exercises/$id",
  component: lazyRouteComponent(() => import("./pages/ExercisePage.tsx"), "ExercisePage"),
});

const sessionRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/sessions/$id",
  component: lazyRouteComponent(() => import("./pages/SessionPage.tsx"), "SessionPage"),
});

const authSearch = (s: Record<string, unknown>): { redirect?: string } => ({
  redirect: safeRedirect(s.redirect),
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/login",
  validateSearch: authSearch,
  component: LoginPage,
});

const registerRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/register",
  validateSearch: authSearch,
  component: RegisterPage,
});

const adminRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/admin",
  component: lazyRouteComponent(() => import("./pages/AdminPage.tsx"), "AdminPage"),
});

const adminAnalyticsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/admin/analytics",
  component: lazyRouteComponent(() => import("./pages/AnalyticsPage.tsx"), "AnalyticsPage"),
});

const courseAnalyticsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/admin/courses/$slug/analytics",
  component: lazyRouteComponent(() => import("./pages/CourseAnalyticsPage.tsx"), "CourseAnalyticsPage"),
});

const notificationsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/notifications",
  component: lazyRouteComponent(() => import("./pages/NotificationsPage.tsx"), "NotificationsPage"),
});

const notificationSettingsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/notifications/settings",
  component: lazyRouteComponent(() => import("./pages/NotificationsPage.tsx"), "NotificationSettingsPage"),
});

const routeTree = rootRoute.addChildren([
  indexRoute,
  coursesRoute,
  courseRoute,
  lessonRoute,
  exerciseRoute,
  sessionRoute,
  loginRoute,
  registerRoute,
  adminRoute,
  adminAnalyticsRoute,
  courseAnalyticsRoute,
  notificationsRoute,
  notificationSettingsRoute,
]);

export const router = createRouter({
  routeTree,
  scrollRestoration: true,
  defaultPreload: "intent",
  defaultPendingMs: 300,
});

declare module "@tanstack/react-router" {
  interface Register {
    router: typeof router;
  }
}
