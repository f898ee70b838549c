import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "@tanstack/react-router";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { AuthProvider, useAuth } from "./auth.tsx";
import { Loading } from "./components/Status.tsx";
import { shouldRetry } from "./queries.ts";
import { router } from "./router.tsx";
import "./styles.css";

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: shouldRetry, staleTime: 30_000, refetchOnWindowFocus: false },
    mutations: { retry: false },
  },
});

function App() {
  const { status } = useAuth();
  // Wait for the session to be restored from the refresh cookie so pages never flash "logged out";
  // the splash only fades in if that takes noticeably long.
  if (status === "loading") {
    return (
      <div className="appear-late grid min-h-dvh place-items-center">
        <Loading label="Starting GO-PRO…" />
      </div>
    );
  }
  return <RouterProvider router={router} />;
}

const root = document.getElementById("root");
if (!root) throw new Error("#root missing from index.html");

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <AuthProvider>
        <App />
      </AuthProvider>
    </QueryClientProvider>
  </StrictMode>,
);
