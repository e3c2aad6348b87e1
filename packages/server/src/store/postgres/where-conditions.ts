/**
 * The conditions of a WHERE clause, combined with AND, and their values, each numbered `$n` in the
 * order it is added: a list query adds one per filter it was given.
 */
export class WhereConditions {
  readonly values: unknown[] = [];
  readonly #conditions: string[] = [];

  /** Adds `condition` for `value` (its `$n` passed in); an undefined value is a filter not given. */
  add(value: unknown, condition: (placeholder: string) => string): this {
    if (value === undefined) return this;
    this.#conditions.push(condition(this.placeholder(value)));
    return this;
  }

  /** Adds a value that is not a condition (a LIMIT) and answers its `$n`. */
  placeholder(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  get sql(): string {
    return this.#conditions.join(" AND ");
  }
}
