import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";

/** How to open a fixture and end it again. */
export interface Fixture<T> {
  open(): Promise<T>;
  end(value: T): Promise<void>;
}

/** A fresh fixture for each test of the calling file or `describe`: `use` receives the current one. */
export function forEachTest<T>(fixture: Fixture<T>, use: (value: T) => void): void {
  let current: T | undefined;
  beforeEach(async () => {
    current = await fixture.open();
    use(current);
  });
  afterEach(async () => {
    if (current !== undefined) await fixture.end(current);
    current = undefined;
  });
}

/** One fixture shared by all the tests of the calling file or `describe`. */
export function forAllTests<T>(fixture: Fixture<T>, use: (value: T) => void): void {
  let current: T | undefined;
  beforeAll(async () => {
    current = await fixture.open();
    use(current);
  });
  afterAll(async () => {
    if (current !== undefined) await fixture.end(current);
    current = undefined;
  });
}
