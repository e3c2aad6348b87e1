import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The package's own run, with 100% line coverage of src/ enforced:
 *   npx vitest run --config packages/webhooks/vitest.config.ts --coverage   (from the repository root)
 *   npm run test:coverage -w @voicehire/webhooks
 */
export default defineConfig({
  root: here("."),
  resolve: { alias: { "@voicehire/webhooks": here("./src/index.ts") } },
  test: {
    include: ["test/**/*.test.ts"],
    pool: "forks",
    testTimeout: 30_000,
    coverage: {
      provider: "v8",
      include: ["src/**/*.ts"],
      reporter: ["text-summary", "text"],
      reportsDirectory: here("./coverage"),
      thresholds: { lines: 100, statements: 100, functions: 100, branches: 98 },
    },
  },
});
