import { spawnSync } from "node:child_process";

/**
 * The source document's Python `verify_webhook`, verbatim in its logic (header split on '=',
 * hmac.new(secret.encode('utf-8'), payload, hashlib.sha256).hexdigest(), compare_digest), run on
 * each case. Returns one boolean per case.
 */
const SNIPPET = `
import hmac, hashlib, json, sys

def verify_webhook(headers, body, secret):
    signature = headers.get('X-VoiceHire-Signature')
    if not signature:
        return False
    expected_sig = signature.split('=')[1]
    payload = body
    calculated_sig = hmac.new(secret.encode('utf-8'), payload, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected_sig, calculated_sig)

cases = json.load(sys.stdin)
print(json.dumps([verify_webhook(c['headers'], c['body'].encode('utf-8'), c['secret']) for c in cases]))
`;

export interface PythonCase {
  readonly headers: Readonly<Record<string, string>>;
  /** The body text; Python signs its UTF-8 bytes. */
  readonly body: string;
  readonly secret: string;
}

export function verifyWithDocPython(cases: readonly PythonCase[]): boolean[] {
  const result = spawnSync("python3", ["-c", SNIPPET], {
    input: JSON.stringify(cases),
    encoding: "utf8",
    timeout: 20_000,
  });
  if (result.status !== 0) throw new Error(`python3 failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as boolean[];
}
