import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";

/** How to open a fixture and end it again. */
export interface Fixture<T> {
  open(): Promise<T>;
  end(value: T): Promise<void>;
}

type Hook = (run: () => Promise<void>) => void;

function between<T>(before: Hook, after: Hook, fixture: Fixture<T>, use: (value: T) => void): void {
  let current: T | undefined;
  before(async () => {
    current = await fixture.open();
    use(current);
  });
  after(async () => {
    if (current !== undefined) await fixture.end(current);
    current = undefined;
  });
}

/** A fresh fixture for each test of the calling file or `describe`: `use` receives the current one. */
export function forEachTest<T>(fixture: Fixture<T>, use: (value: T) => void): void {
  between(beforeEach, afterEach, fixture, use);
}

/** One fixture shared by all the tests of the calling file or `describe`. */
export function forAllTests<T>(fixture: Fixture<T>, use: (value: T) => void): void {
  between(beforeAll, afterAll, fixture, use);
}
