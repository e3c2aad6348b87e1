// The server package ships the dashboard it serves: its built files are copied into
// packages/server/dist/dashboard-app, which the service looks at first (src/api/dashboard-assets/dashboard-assets.ts).
import { cpSync, existsSync, rmSync } from "node:fs";

const from = new URL("../packages/dashboard/dist/", import.meta.url);
const to = new URL("../packages/server/dist/dashboard-app/", import.meta.url);
if (!existsSync(new URL("index.html", from))) {
  console.error(
    "copy-dashboard-into-server: packages/dashboard/dist/index.html is missing: build the dashboard first",
  );
  process.exit(1);
}
rmSync(to, { recursive: true, force: true });
cpSync(from, to, { recursive: true });
