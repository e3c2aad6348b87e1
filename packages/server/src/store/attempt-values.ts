/** Headers as their column keeps them: JSON text, NULL when none were kept. */
export function headersColumn(headers: Readonly<Record<string, string>> | undefined): string | null {
  return headers === undefined ? null : JSON.stringify(headers);
}
