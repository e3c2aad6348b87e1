import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** A self-signed certificate for 127.0.0.1 (and `localhost`), made by the `openssl` CLI in `dir`. */
export function makeSelfSignedCert(dir: string, commonName = "127.0.0.1"): { key: string; cert: string } {
  const keyFile = join(dir, `${commonName}-key.pem`);
  const certFile = join(dir, `${commonName}-cert.pem`);
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      keyFile,
      "-out",
      certFile,
      "-days",
      "1",
      "-subj",
      `/CN=${commonName}`,
      "-addext",
      `subjectAltName=IP:127.0.0.1,DNS:localhost`,
    ],
    { stdio: "ignore", timeout: 10_000 },
  );
  return { key: readFileSync(keyFile, "utf8"), cert: readFileSync(certFile, "utf8") };
}
