import type { LookupAddress, LookupAllOptions } from "node:dns";
import type { LookupFunction } from "node:net";
import { describe, expect, it } from "vitest";
import { createAddressPolicy } from "../../src/ssrf/address-policy.js";
import { type BlockedAddressError, findBlockedAddressError } from "../../src/ssrf/blocked-address-error.js";
import { createGuardedLookup, type ResolveAllAddresses } from "../../src/ssrf/guarded-lookup.js";

const strict = createAddressPolicy({ allowCidrs: [], allowLoopback: false, allowPrivate: false });

interface FakeResolver {
  readonly resolve: ResolveAllAddresses;
  readonly calls: Array<{ hostname: string; options: LookupAllOptions }>;
}

/** A resolver answering from a table, asynchronously like dns.lookup. */
function fakeResolver(table: Record<string, LookupAddress[]>): FakeResolver {
  const calls: FakeResolver["calls"] = [];
  const resolve: ResolveAllAddresses = (hostname, options, callback) => {
    calls.push({ hostname, options });
    const answer = table[hostname];
    if (answer === undefined) {
      const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
      error.code = "ENOTFOUND";
      process.nextTick(callback, error, []);
    } else {
      process.nextTick(callback, null, answer);
    }
  };
  return { resolve, calls };
}

type LookupOutcome = {
  error: NodeJS.ErrnoException | null;
  address: string | LookupAddress[];
  family: number | undefined;
};

function lookupOnce(
  lookup: LookupFunction,
  hostname: string,
  options: Parameters<LookupFunction>[1],
): Promise<LookupOutcome> {
  return new Promise((resolve) => {
    lookup(hostname, options, (error, address, family) => resolve({ error, address, family }));
  });
}

const v4 = (address: string): LookupAddress => ({ address, family: 4 });
const v6 = (address: string): LookupAddress => ({ address, family: 6 });

function expectBlocked(outcome: LookupOutcome): BlockedAddressError {
  const blocked = findBlockedAddressError(outcome.error);
  expect(blocked, `expected a VH_BLOCKED_ADDRESS error, got ${String(outcome.error)}`).toBeDefined();
  return blocked as BlockedAddressError;
}

describe("createGuardedLookup", () => {
  const { resolve } = fakeResolver({
    "loopback.test": [v4("127.0.0.1")],
    "metadata.test": [v4("169.254.169.254")],
    "mixed.test": [v4("93.184.216.34"), v4("10.0.0.5")],
    "mixed-v6.test": [v6("2606:4700:4700::1111"), v6("::ffff:127.0.0.1")],
    "public.test": [v6("2606:4700:4700::1111"), v4("93.184.216.34")],
    "garbage.test": [v4("localhost")],
    "empty.test": [],
  });
  const lookup = createGuardedLookup(strict, resolve);

  it("refuses a name that resolves to 127.0.0.1, naming the host, the address and the reason", async () => {
    const blocked = expectBlocked(await lookupOnce(lookup, "loopback.test", { all: true }));
    expect(blocked.code).toBe("VH_BLOCKED_ADDRESS");
    expect(blocked).toMatchObject({
      hostname: "loopback.test",
      address: "127.0.0.1",
      reason: "loopback",
      range: "127.0.0.0/8",
    });
    expect(blocked.message).toBe(
      "voicehire-webhooks: refused to connect to loopback.test (127.0.0.1): a loopback address (127.0.0.0/8); " +
        "webhook endpoints must be public addresses unless an operator allows this range",
    );
  });

  it("refuses a name that resolves to the cloud metadata address", async () => {
    const blocked = expectBlocked(await lookupOnce(lookup, "metadata.test", { all: true }));
    expect(blocked).toMatchObject({ address: "169.254.169.254", reason: "link_local" });
    expect(blocked.message).toContain("169.254.169.254");
  });

  it("refuses when ANY resolved address is blocked, even after a public one", async () => {
    expect(expectBlocked(await lookupOnce(lookup, "mixed.test", { all: true }))).toMatchObject({
      address: "10.0.0.5",
    });
    expect(expectBlocked(await lookupOnce(lookup, "mixed-v6.test", { all: true }))).toMatchObject({
      address: "::ffff:127.0.0.1",
      reason: "loopback",
    });
    // Also when the caller wants a single address: the others are checked all the same.
    expect(expectBlocked(await lookupOnce(lookup, "mixed.test", {}))).toMatchObject({ address: "10.0.0.5" });
  });

  it("refuses an answer that is not an IP address (fail closed)", async () => {
    expect(expectBlocked(await lookupOnce(lookup, "garbage.test", { all: true }))).toMatchObject({
      reason: "invalid",
    });
  });

  it("hands on exactly the checked addresses: all of them with { all: true }, else the first", async () => {
    expect(await lookupOnce(lookup, "public.test", { all: true })).toEqual({
      error: null,
      address: [v6("2606:4700:4700::1111"), v4("93.184.216.34")],
      family: undefined,
    });
    expect(await lookupOnce(lookup, "public.test", { family: 0 })).toEqual({
      error: null,
      address: "2606:4700:4700::1111",
      family: 6,
    });
  });

  it("always asks the resolver for all addresses, passing the caller's family and hints on", async () => {
    const resolver = fakeResolver({ "public.test": [v4("93.184.216.34")] });
    const guarded = createGuardedLookup(strict, resolver.resolve);
    await lookupOnce(guarded, "public.test", { family: 4, hints: 32 });
    await lookupOnce(guarded, "public.test", { all: true });
    expect(resolver.calls).toEqual([
      { hostname: "public.test", options: { family: 4, hints: 32, all: true } },
      { hostname: "public.test", options: { all: true } },
    ]);
  });

  it("accepts the other dns.lookup call shapes: a family number, or no options", async () => {
    const byFamily = await new Promise<LookupOutcome>((done) =>
      (
        lookup as unknown as (
          h: string,
          f: number,
          cb: (e: NodeJS.ErrnoException | null, a: string, f: number) => void,
        ) => void
      )("public.test", 4, (error, address, family) => done({ error, address, family })),
    );
    expect(byFamily).toMatchObject({ error: null, address: "2606:4700:4700::1111" });
    const noOptions = await new Promise<LookupOutcome>((done) =>
      (
        lookup as unknown as (
          h: string,
          cb: (e: NodeJS.ErrnoException | null, a: string, f: number) => void,
        ) => void
      )("loopback.test", (error, address, family) => done({ error, address, family })),
    );
    expectBlocked(noOptions);
  });

  it("passes resolver errors through unchanged, and treats an empty answer as ENOTFOUND", async () => {
    const missing = await lookupOnce(lookup, "missing.test", { all: true });
    expect(missing.error?.code).toBe("ENOTFOUND");
    expect(missing.error?.message).toBe("getaddrinfo ENOTFOUND missing.test");
    const empty = await lookupOnce(lookup, "empty.test", { all: true });
    expect(empty.error?.code).toBe("ENOTFOUND");
    expect(empty.error?.message).toMatch(/^voicehire-webhooks: empty\.test resolved to no address/);
  });

  it("reports a resolver that throws through the callback, asynchronously", async () => {
    const throwing = createGuardedLookup(strict, () => {
      throw new TypeError("boom");
    });
    let returned = false;
    const outcome = lookupOnce(throwing, "x.test", { all: true });
    returned = true;
    const { error } = await outcome;
    expect(returned).toBe(true);
    expect(error?.message).toBe("boom");
  });

  it("with the real dns.lookup, refuses localhost (127.0.0.1 and ::1) and IP literals", async () => {
    const real = createGuardedLookup(strict);
    const localhost = expectBlocked(await lookupOnce(real, "localhost", { all: true }));
    expect(["127.0.0.1", "::1"]).toContain(localhost.address);
    expect(localhost.reason).toBe("loopback");
    expect(expectBlocked(await lookupOnce(real, "169.254.169.254", { all: true })).reason).toBe("link_local");
    expect(expectBlocked(await lookupOnce(real, "::ffff:7f00:1", { all: true })).reason).toBe("loopback");
  });

  it("allows what the policy allows", async () => {
    const development = createGuardedLookup(
      createAddressPolicy({ allowCidrs: ["10.0.0.0/24"], allowLoopback: true, allowPrivate: false }),
      resolve,
    );
    expect(await lookupOnce(development, "loopback.test", { all: true })).toMatchObject({
      error: null,
      address: [v4("127.0.0.1")],
    });
    expect((await lookupOnce(development, "mixed.test", { all: true })).error).toBeNull();
    expectBlocked(await lookupOnce(development, "metadata.test", { all: true }));
  });
});

describe("findBlockedAddressError", () => {
  it("finds the refusal through cause chains (fetch wraps connect errors) and nothing else", async () => {
    const lookup = createGuardedLookup(strict, fakeResolver({ "loopback.test": [v4("127.0.0.1")] }).resolve);
    const { error } = await lookupOnce(lookup, "loopback.test", { all: true });
    const wrapped = new TypeError("fetch failed", { cause: new Error("connect failed", { cause: error }) });
    expect(findBlockedAddressError(wrapped)).toBe(error);
    expect(findBlockedAddressError(new Error("ECONNREFUSED"))).toBeUndefined();
    expect(findBlockedAddressError(undefined)).toBeUndefined();
    const cyclic: { cause?: unknown } = {};
    cyclic.cause = cyclic;
    expect(findBlockedAddressError(cyclic)).toBeUndefined();
  });
});
