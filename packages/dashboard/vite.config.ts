import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

/**
 * Builds the dashboard into dist/ for the service to serve under /dashboard/ (no separate web server).
 * The event catalog comes from the SDK's sources (tree-shaken: only the catalog is bundled).
 */
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/dashboard/",
  resolve: {
    alias: { "@voicehire/webhooks": fileURLToPath(new URL("../webhooks/src/index.ts", import.meta.url)) },
  },
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: true,
  },
});
