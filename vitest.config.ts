import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // Tests run the TypeScript sources directly; spawned processes use the built dist.
    alias: {
      "@voicehire/webhooks": fileURLToPath(new URL("./packages/webhooks/src/index.ts", import.meta.url)),
    },
  },
  test: {
    // The SDK runs on its own, with its coverage threshold (`npm run test:sdk`).
    include: ["packages/server/test/**/*.test.ts", "packages/dashboard/test/**/*.test.ts"],
    // Spawned CLI processes and the browser tests use the built packages: build them when stale.
    globalSetup: ["packages/server/test/support/build-before-tests.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
