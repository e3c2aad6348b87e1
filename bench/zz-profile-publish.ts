import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { newestProfile, summarizeCpuProfile } from "./cpu-profile-summary.js";
import { publishBody } from "./payload.js";
import { connectApi } from "./service-api.js";
import { startService } from "./service-process.js";
const mode = process.argv[2] ?? "batch";
const profileDir = mkdtempSync(join(tmpdir(), "vh-prof-"));
const service = await startService({ args: ["--no-workers"], cpuProfileDir: profileDir });
const api = connectApi(service.url, service.apiKey, 32);
for (let k = 0; k < 4; k++) await api.createEndpoint(`http://127.0.0.1:${9000 + k}/ok/p-${k}`, ["candidate.added"]);
const t0 = Date.now();
let n = 0;
if (mode === "batch") {
  for (let r = 0; r < 20; r++) {
    await Promise.all(Array.from({ length: 4 }, async () => {
      const a = await api.post("/v1/events/batch", { events: Array.from({ length: 500 }, (_, i) => publishBody(i)) });
      if (a.status !== 200) throw new Error(String(a.status));
      n += 500;
    }));
  }
} else {
  await Promise.all(Array.from({ length: 32 }, async () => {
    for (let i = 0; i < 300; i++) { const a = await api.post("/v1/events", publishBody(i)); if (a.status !== 202) throw new Error(String(a.status)); n++; }
  }));
}
console.log(mode, n, "events", Math.round(n / ((Date.now() - t0) / 1000)), "/s");
await api.close();
await service.stop();
const file = newestProfile(profileDir);
if (file) { const s = summarizeCpuProfile(file, 25); console.log(s.totalMs); for (const t of s.top) console.log(t.where, t.ms, t.share); }
