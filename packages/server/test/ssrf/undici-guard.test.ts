import { type LookupAddress, lookup as systemLookup } from "node:dns";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Agent, type Dispatcher, request } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type AddressPolicy, createAddressPolicy } from "../../src/ssrf/address-policy.js";
import { findBlockedAddressError } from "../../src/ssrf/blocked-address-error.js";
import { checkUrlHost } from "../../src/ssrf/check-url-host.js";
import { createGuardedConnector } from "../../src/ssrf/guarded-connector.js";
import { createGuardedLookup, type ResolveAllAddresses } from "../../src/ssrf/guarded-lookup.js";

// Real undici 7 Agents against a real receiver on 127.0.0.1. No other address is ever connected to:
// every non-loopback answer below is refused before a socket exists.

const strict = createAddressPolicy({ allowCidrs: [], allowLoopback: false, allowPrivate: false });
const development = createAddressPolicy({ allowCidrs: [], allowLoopback: true, allowPrivate: true });

let server: http.Server;
let port = 0;
let connections = 0;
const received: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      received.push(`${req.method} ${req.url} ${body}`);
      res.writeHead(204).end();
    });
  });
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const agents: Agent[] = [];
afterEach(async () => {
  await Promise.all(agents.splice(0).map((agent) => agent.close()));
  server.closeAllConnections();
  connections = 0;
  received.length = 0;
});

/**
 * A resolver that answers from a table (a stand-in for a hostile DNS zone) and counts its calls; other
 * names (here only `localhost`) go to the real dns.lookup.
 */
function zone(answers: Record<string, () => LookupAddress[]>): {
  resolve: ResolveAllAddresses;
  calls: string[];
} {
  const calls: string[] = [];
  const resolve: ResolveAllAddresses = (hostname, options, callback) => {
    calls.push(`${hostname} all=${String(options.all)}`);
    const answer = answers[hostname];
    if (answer === undefined) systemLookup(hostname, options, callback);
    else process.nextTick(callback, null, answer());
  };
  return { resolve, calls };
}

function lookupAgent(policy: AddressPolicy, resolve?: ResolveAllAddresses): Agent {
  const agent = new Agent({ connect: { lookup: createGuardedLookup(policy, resolve), timeout: 2_000 } });
  agents.push(agent);
  return agent;
}

function connectorAgent(policy: AddressPolicy, resolve?: ResolveAllAddresses): Agent {
  const agent = new Agent({ connect: createGuardedConnector(policy, { timeout: 2_000 }, resolve) });
  agents.push(agent);
  return agent;
}

type Sent = { ok: true; status: number } | { ok: false; error: unknown };

async function post(url: string, dispatcher: Dispatcher): Promise<Sent> {
  try {
    const response = await request(url, { method: "POST", body: "ping", dispatcher, headersTimeout: 2_000 });
    await response.body.dump();
    return { ok: true, status: response.statusCode };
  } catch (error) {
    return { ok: false, error };
  }
}

/** What the sender is expected to do: check the URL host first, then send through the guarded lookup. */
async function guardedSend(url: string, policy: AddressPolicy, dispatcher: Dispatcher): Promise<Sent> {
  const check = checkUrlHost(url, policy);
  if (!check.allowed) return { ok: false, error: check.error };
  return post(url, dispatcher);
}

function blockedCode(sent: Sent): string | undefined {
  return sent.ok ? undefined : findBlockedAddressError(sent.error)?.code;
}

const loopback = (): LookupAddress[] => [{ address: "127.0.0.1", family: 4 }];

describe("guarded lookup in a real undici Agent", () => {
  it("refuses a name resolving to 127.0.0.1: the request fails with VH_BLOCKED_ADDRESS, the server sees nothing", async () => {
    const dns = zone({ "hooks.customer.test": loopback });
    const sent = await post(`http://hooks.customer.test:${port}/hook`, lookupAgent(strict, dns.resolve));
    expect(blockedCode(sent)).toBe("VH_BLOCKED_ADDRESS");
    expect(sent.ok ? "" : (sent.error as Error).message).toContain("hooks.customer.test (127.0.0.1)");
    expect(connections).toBe(0);
    expect(dns.calls).toEqual(["hooks.customer.test all=true"]); // Node asks for every address
  });

  it("delivers when loopback is allowed (development mode), to the address it checked", async () => {
    const dns = zone({ "hooks.customer.test": loopback });
    const sent = await post(`http://hooks.customer.test:${port}/hook`, lookupAgent(development, dns.resolve));
    expect(sent).toEqual({ ok: true, status: 204 });
    expect(received).toEqual(["POST /hook ping"]);
    expect(connections).toBe(1);
  });

  it("refuses localhost, resolved by the real dns.lookup to 127.0.0.1 / ::1", async () => {
    const sent = await post(`http://localhost:${port}/hook`, lookupAgent(strict));
    expect(blockedCode(sent)).toBe("VH_BLOCKED_ADDRESS");
    expect(["127.0.0.1", "::1"]).toContain(
      findBlockedAddressError(sent.ok ? undefined : sent.error)?.address,
    );
    expect(connections).toBe(0);
  });

  it("guards https:// too (tls.connect uses the same lookup)", async () => {
    const dns = zone({ "hooks.customer.test": loopback });
    const viaLookup = await post(
      `https://hooks.customer.test:${port}/hook`,
      lookupAgent(strict, dns.resolve),
    );
    expect(blockedCode(viaLookup)).toBe("VH_BLOCKED_ADDRESS");
    const viaConnector = await post(
      `https://hooks.customer.test:${port}/hook`,
      connectorAgent(strict, dns.resolve),
    );
    expect(blockedCode(viaConnector)).toBe("VH_BLOCKED_ADDRESS");
    expect(dns.calls).toEqual(["hooks.customer.test all=true", "hooks.customer.test all=true"]);
    expect(connections).toBe(0);
  });

  it("refuses the metadata address and a public+internal mix before any socket is opened", async () => {
    const dns = zone({
      "metadata.customer.test": () => [{ address: "169.254.169.254", family: 4 }],
      "mixed.customer.test": () => [
        { address: "93.184.216.34", family: 4 },
        { address: "127.0.0.1", family: 4 },
      ],
    });
    const agent = lookupAgent(strict, dns.resolve);
    const metadata = await post(`http://metadata.customer.test:${port}/`, agent);
    expect(findBlockedAddressError(metadata.ok ? undefined : metadata.error)).toMatchObject({
      reason: "link_local",
    });
    const mixed = await post(`http://mixed.customer.test:${port}/`, agent);
    expect(findBlockedAddressError(mixed.ok ? undefined : mixed.error)).toMatchObject({
      address: "127.0.0.1",
    });
    expect(connections).toBe(0);
  });

  it("leaves no DNS-rebinding gap: each connection uses the one resolution that was checked", async () => {
    // A hostile zone: an allowed address first, then the metadata address on every later query.
    let answered = 0;
    const dns = zone({
      "rebind.customer.test": () =>
        answered++ === 0 ? loopback() : [{ address: "169.254.169.254", family: 4 }],
    });
    const allowOneHost = createAddressPolicy({
      allowCidrs: ["127.0.0.1/32"],
      allowLoopback: false,
      allowPrivate: false,
    });
    const first = await post(`http://rebind.customer.test:${port}/a`, lookupAgent(allowOneHost, dns.resolve));
    expect(first).toEqual({ ok: true, status: 204 });
    expect(dns.calls).toHaveLength(1); // checked once, connected with that answer: no second resolution
    const second = await post(
      `http://rebind.customer.test:${port}/b`,
      lookupAgent(allowOneHost, dns.resolve),
    );
    expect(blockedCode(second)).toBe("VH_BLOCKED_ADDRESS");
    expect(received).toEqual(["POST /a ping"]);
    expect(connections).toBe(1);
  });

  it("is skipped by Node for IP-literal hosts, which is why checkUrlHost must run too", async () => {
    // Documents the gap: with the lookup alone, a literal loopback URL goes through.
    const dns = zone({});
    const sent = await post(`http://127.0.0.1:${port}/literal`, lookupAgent(strict, dns.resolve));
    expect(sent).toEqual({ ok: true, status: 204 });
    expect(dns.calls).toEqual([]);
    expect(checkUrlHost(`http://127.0.0.1:${port}/literal`, strict).allowed).toBe(false);
  });
});

// Literal spellings (never resolved) and names (resolved by the zone or the real dns.lookup).
const HOSTILE_HOSTS = [
  "127.0.0.1",
  "2130706433",
  "0x7f.1",
  "0177.0.0.1",
  "127.1",
  "[::ffff:127.0.0.1]",
  "[::ffff:7f00:1]",
  "localhost",
  "hooks.customer.test",
];

describe("both paths together cover literals and names", () => {
  it.each(HOSTILE_HOSTS.map((host) => [host]))("checkUrlHost + guarded lookup refuse %s", async (host) => {
    const dns = zone({ "hooks.customer.test": loopback });
    const sent = await guardedSend(`http://${host}:${port}/`, strict, lookupAgent(strict, dns.resolve));
    expect(blockedCode(sent)).toBe("VH_BLOCKED_ADDRESS");
    expect(connections).toBe(0);
  });

  it.each(HOSTILE_HOSTS.map((host) => [host]))("the guarded connector alone refuses %s", async (host) => {
    const dns = zone({ "hooks.customer.test": loopback });
    const sent = await post(`http://${host}:${port}/`, connectorAgent(strict, dns.resolve));
    expect(blockedCode(sent)).toBe("VH_BLOCKED_ADDRESS");
    expect(connections).toBe(0);
  });

  it("the guarded connector delivers to allowed literals and names", async () => {
    const dns = zone({ "hooks.customer.test": loopback });
    const agent = connectorAgent(development, dns.resolve);
    expect(await post(`http://127.0.0.1:${port}/literal`, agent)).toEqual({ ok: true, status: 204 });
    expect(await post(`http://hooks.customer.test:${port}/name`, agent)).toEqual({ ok: true, status: 204 });
    expect(received.sort()).toEqual(["POST /literal ping", "POST /name ping"]);
  });
});
