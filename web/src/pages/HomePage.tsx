import { useAuth } from "../auth.tsx";
import { DashboardPage } from "./DashboardPage.tsx";
import { LandingPage } from "./LandingPage.tsx";

export function HomePage() {
  const { user } = useAuth();
  return user ? <DashboardPage /> : <LandingPage />;
}
