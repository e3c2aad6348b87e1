import { describe, expect, it } from "vitest";
import { createSecretOpener } from "../../src/delivery/secret-opener.js";
import { createSecretBox, generateMasterKey } from "../../src/domain/secret-box.js";

describe("secret opener", () => {
  it("opens and decodes a set of sealed secrets once, then answers it from memory", () => {
    const box = createSecretBox(generateMasterKey());
    const decoded: string[] = [];
    const open = createSecretOpener(box, 10, (plain) => {
      decoded.push(plain);
      return `key(${plain})`;
    });
    const one = [box.seal("current")];
    const rotation = [box.seal("new"), box.seal("old")];
    expect(open(one)).toEqual({ kind: "opened", secrets: ["key(current)"] });
    expect(open(rotation)).toEqual({ kind: "opened", secrets: ["key(new)", "key(old)"] });
    // The same sealed texts again (as a later claim carries them: equal strings, other objects).
    expect(open([...one.map((s) => `${s}`)])).toEqual({ kind: "opened", secrets: ["key(current)"] });
    expect(open([...rotation])).toEqual({ kind: "opened", secrets: ["key(new)", "key(old)"] });
    expect(decoded).toEqual(["current", "new", "old"]);
    expect(open([])).toEqual({ kind: "opened", secrets: [] });
  });

  it("tells a secret sealed under another master key, without quoting it", () => {
    const sealed = createSecretBox(generateMasterKey()).seal("whsec_private");
    const opened = createSecretOpener(createSecretBox(generateMasterKey()))([sealed]);
    expect(opened.kind).toBe("unreadable");
    expect(JSON.stringify(opened)).not.toContain("whsec_private");
  });
});
