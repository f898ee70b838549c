import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const webRoot = import.meta.dirname;

export default defineConfig({
  root: webRoot,
  base: "/",
  plugins: [react(), tailwindcss()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: true,
    // The editor chunk (CodeMirror) is loaded only on exercise pages; warn only if it grows a lot.
    chunkSizeWarningLimit: 700,
  },
  server: {
    host: "127.0.0.1",
    port: 5173,
    proxy: {
      // ws: the live connection (/api/v1/ws) goes through the same proxy.
      "/api": { target: "http://127.0.0.1:8080", changeOrigin: false, ws: true },
    },
  },
  preview: { host: "127.0.0.1", port: 4173 },
});
