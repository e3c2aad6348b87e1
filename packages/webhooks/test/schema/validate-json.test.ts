import { type JsonSchema, validateJson } from "@voicehire/webhooks";
import { describe, expect, it } from "vitest";

describe("validateJson (generic, reused by the server for request bodies)", () => {
  const endpointBody: JsonSchema = {
    type: "object",
    properties: {
      url: { type: "string", format: "uri", maxLength: 30 },
      description: { type: "string", minLength: 2 },
      code: { type: "string", pattern: "^[a-z]+$" },
      event_types: { type: "array", items: { type: "string", enum: ["a", "b"] }, minItems: 1, maxItems: 2 },
      retries: { type: "integer", minimum: 0, maximum: 10 },
      enabled: { type: "boolean" },
      nested: { type: "object", properties: { when: { type: "string", format: "date-time" } } },
    },
    required: ["url"],
    additionalProperties: false,
  };

  it("accepts a matching value, and unknown keys when additionalProperties is absent", () => {
    const value = {
      url: "https://example.com/hook",
      description: "ok",
      code: "abc",
      event_types: ["a", "b"],
      retries: 10,
      enabled: false,
      nested: { when: "2024-01-15T10:30:00.123+02:00", other: 1 },
    };
    expect(validateJson(endpointBody, value)).toEqual([]);
  });

  it("reports every constraint, at root paths when no path is given", () => {
    const value = {
      url: "https://example.com/a-very-long-path-indeed",
      description: "x",
      code: "ABC",
      event_types: ["a", "c", "b"],
      retries: 11,
      enabled: "yes",
      nested: { when: "2024-01-15 10:30" },
    };
    expect(validateJson(endpointBody, value)).toEqual([
      { path: "url", message: "must be at most 30 characters" },
      { path: "description", message: "must be at least 2 characters" },
      { path: "code", message: "must match ^[a-z]+$" },
      { path: "event_types", message: "must have at most 2 items" },
      { path: "event_types[1]", message: "must be one of a, b" },
      { path: "retries", message: "must be <= 10" },
      { path: "enabled", message: "must be a boolean" },
      { path: "nested.when", message: "must be a date-time (RFC 3339, e.g. 2024-01-15T10:30:00Z)" },
    ]);
    expect(validateJson(endpointBody, { url: "https://x.io", event_types: [] })).toEqual([
      { path: "event_types", message: "must have at least 1 items" },
    ]);
    expect(validateJson(endpointBody, "text")).toEqual([{ path: "", message: "must be an object" }]);
  });

  it("counts length in code points, as JSON Schema does", () => {
    const schema: JsonSchema = { type: "string", minLength: 2, maxLength: 2 };
    expect(validateJson(schema, "🔑é")).toEqual([]);
    expect(validateJson(schema, "🔑")).toEqual([{ path: "", message: "must be at least 2 characters" }]);
  });

  it("quotes keys that are not identifiers and never reads inherited properties", () => {
    const schema: JsonSchema = {
      type: "object",
      properties: { ok: { type: "number" } },
      additionalProperties: false,
    };
    const value = JSON.parse('{"ok": 1, "a.b": 2, "__proto__": {"x": 1}, "constructor": 3}') as unknown;
    expect(validateJson(schema, value, "body")).toEqual([
      { path: 'body["a.b"]', message: "is not allowed" },
      { path: "body.__proto__", message: "is not allowed" },
      { path: "body.constructor", message: "is not allowed" },
    ]);
    expect(validateJson({ type: "object", properties: {}, required: ["toString"] }, {})).toEqual([
      { path: "toString", message: "is required" },
    ]);
  });

  it("checks dates as calendar dates and date-times as RFC 3339 with a zone", () => {
    const date: JsonSchema = { type: "string", format: "date" };
    for (const ok of ["2024-02-29", "2000-02-29", "2023-12-31", "2023-04-30"])
      expect(validateJson(date, ok)).toEqual([]);
    for (const bad of [
      "2023-02-29",
      "1900-02-29",
      "2024-04-31",
      "2024-13-01",
      "2024-00-10",
      "2024-1-01",
      "2024-01-15T00:00:00Z",
    ]) {
      expect(validateJson(date, bad), bad).toEqual([{ path: "", message: "must be a date (YYYY-MM-DD)" }]);
    }
    const dateTime: JsonSchema = { type: "string", format: "date-time" };
    for (const ok of [
      "2024-01-15T10:30:00Z",
      "2024-01-15t10:30:00.5z",
      "2016-12-31T23:59:60Z",
      "2024-01-15T10:30:00-05:30",
    ]) {
      expect(validateJson(dateTime, ok), ok).toEqual([]);
    }
    for (const bad of [
      "2024-01-15T24:00:00Z",
      "2024-01-15T10:60:00Z",
      "2024-01-15T10:30:61Z",
      "2024-01-15T10:30:00",
      "2024-01-15T10:30:00+24:00",
      "2024-01-15T10:30:00+01:60",
      "2024-02-30T10:30:00Z",
    ]) {
      expect(validateJson(dateTime, bad), bad).toHaveLength(1);
    }
  });

  it("accepts only absolute URIs without spaces", () => {
    const uri: JsonSchema = { type: "string", format: "uri" };
    for (const ok of ["https://app.voicehire.io/candidate/abc", "mailto:a@b.c", "urn:isbn:0451450523"]) {
      expect(validateJson(uri, ok), ok).toEqual([]);
    }
    for (const bad of [
      "/relative",
      "not a link",
      "https://exa mple.com",
      "https://x.io/a b",
      "http://[::1",
      "1http://x",
      "https://x.io/\u0000",
      "https://x.io/\u007f",
    ]) {
      expect(validateJson(uri, bad), bad).toEqual([{ path: "", message: "must be an absolute URI" }]);
    }
  });

  it("tells integers from numbers and rejects non-finite numbers", () => {
    expect(validateJson({ type: "integer" }, 1.5)).toEqual([{ path: "", message: "must be an integer" }]);
    expect(validateJson({ type: "integer" }, "1")).toEqual([{ path: "", message: "must be an integer" }]);
    expect(validateJson({ type: "integer", minimum: 1 }, 0)).toEqual([{ path: "", message: "must be >= 1" }]);
    expect(validateJson({ type: "number" }, Number.POSITIVE_INFINITY)).toEqual([
      { path: "", message: "must be a number" },
    ]);
    expect(validateJson({ type: "array", items: { type: "number" } }, { length: 1 })).toEqual([
      { path: "", message: "must be an array" },
    ]);
  });
});
