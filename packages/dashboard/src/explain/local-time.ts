/**
 * `<input type="datetime-local">` speaks the browser's local time without a zone ("2024-01-15T10:30");
 * the API speaks ISO 8601 UTC. These two convert between them.
 */
function pad(value: number): string {
  return String(value).padStart(2, "0");
}

export function toLocalInput(time: number | Date): string {
  const date = new Date(time);
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

/** The ISO time of a datetime-local value, or undefined when it is empty or not a date. */
export function fromLocalInput(value: string): string | undefined {
  if (value.trim() === "") return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
