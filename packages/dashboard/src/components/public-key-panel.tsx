import { useState } from "preact/hooks";
import type { Problem, SigningKeyRotation } from "../api/types";
import { useApp } from "../app-context";
import { useI18n } from "../i18n/i18n-context";
import { ProblemMessage } from "./problem-message";
import { SecretValue } from "./secret-panel";

/**
 * An ed25519 endpoint's public key, to copy into the receiver, and the renewal of its key pair (the
 * previous key keeps signing for the default grace period, so no webhook is rejected meanwhile).
 */
export function PublicKeyPanel(props: {
  readonly endpointId: string;
  readonly publicKey: string;
  readonly onChanged: () => void;
}) {
  const { api } = useApp();
  const { t, format } = useI18n();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [previousUntil, setPreviousUntil] = useState<string | null>(null);

  const rotate = async () => {
    setBusy(true);
    setProblem(null);
    const result = await api.post<SigningKeyRotation>(
      `/v1/endpoints/${props.endpointId}/signing-key/rotate`,
      {},
    );
    setBusy(false);
    if (!result.ok) return setProblem(result.problem);
    setPreviousUntil(result.data.previous_expires_at);
    props.onChanged();
  };

  return (
    <section class="panel" aria-labelledby="public-key-title">
      <h2 id="public-key-title">{t("signing_key.title")}</h2>
      <p class="help">{t("signing_key.help")}</p>
      <SecretValue value={props.publicKey} label={t("signing_key.public_key")} />
      <p class="help">{t("signing_key.rotate_help")}</p>
      <button type="button" class="button-secondary" disabled={busy} onClick={() => void rotate()}>
        {t("signing_key.rotate")}
      </button>
      {previousUntil === null ? null : (
        <p role="status" class="message message-info">
          {t("signing_key.rotated", { date: format.dateTime(previousUntil) })}
        </p>
      )}
      {problem === null ? null : <ProblemMessage problem={problem} />}
    </section>
  );
}
