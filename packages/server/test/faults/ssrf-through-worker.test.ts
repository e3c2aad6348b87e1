import { describe, expect, it } from "vitest";
import { createAddressPolicy } from "../../src/ssrf/address-policy.js";
import { startFaultServer } from "./support/fault-server.js";
import { expectRetryAfter, FAULT_TIMEOUT_MS, FIRST_RETRY_MS, withFaultWorld } from "./support/fault-world.js";

// The SSRF guard through the real worker, outside development mode: no loopback, no private range, no
// allowlist. Each endpoint points at a loopback server that must never see a connection.
const production = createAddressPolicy({ allowCidrs: [], allowLoopback: false, allowPrivate: false });

describe.concurrent("fault injection: the SSRF guard through the worker", () => {
  const cases: [string, (port: number) => string, RegExp][] = [
    [
      "a name that resolves to 127.0.0.1 (localhost, from /etc/hosts)",
      (port) => `http://localhost:${port}/hook`,
      /loopback/,
    ],
    [
      "a name of a hostile zone that resolves to 127.0.0.1",
      (port) => `http://internal.faults.test:${port}/hook`,
      /loopback/,
    ],
    ["the literal 127.0.0.1", (port) => `http://127.0.0.1:${port}/hook`, /loopback/],
    ["the loopback in IPv4-mapped IPv6", (port) => `http://[::ffff:127.0.0.1]:${port}/hook`, /loopback/],
    [
      "a name that resolves to the cloud metadata address",
      () => "http://metadata.faults.test/latest/meta-data/",
      /169\.254/,
    ],
  ];
  for (const [what, urlFor, reason] of cases) {
    it(`${what}: blocked, nothing connected, retried later`, async () => {
      const server = await startFaultServer((_request, response) => response.writeHead(200).end());
      try {
        await withFaultWorld(
          { url: urlFor(server.port), policy: production, withFastEndpoint: false },
          async (world) => {
            const eventId = await world.publishFaulty();
            const { attempt, delivery } = await world.firstAttempt(eventId);
            expect(attempt).toMatchObject({ errorKind: "blocked", statusCode: null, responseExcerpt: null });
            expect(attempt.errorMessage).toMatch(/refused to connect/);
            expect(attempt.errorMessage).toMatch(reason);
            expect(attempt.durationMs).toBeLessThan(FAULT_TIMEOUT_MS);
            expectRetryAfter(delivery, attempt, FIRST_RETRY_MS);
            expect(server.connections()).toBe(0);
          },
        );
      } finally {
        await server.close();
      }
    });
  }
});
