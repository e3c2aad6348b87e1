import type { SignatureScheme } from "../api/types";
import { useI18n } from "../i18n/i18n-context";

/** How webhook-signature is signed: HMAC with the secret, or Ed25519 with a key pair VoiceHire keeps. */
export function SignatureSchemeField(props: {
  readonly value: SignatureScheme;
  readonly onChange: (scheme: SignatureScheme) => void;
}) {
  const { t } = useI18n();
  return (
    <fieldset class="signature-scheme">
      <legend>{t("signing_key.scheme")}</legend>
      <p class="help">{t("signing_key.scheme_help")}</p>
      {(["hmac", "ed25519"] as const).map((scheme) => (
        <label key={scheme} class="check">
          <input
            type="radio"
            name="signature_scheme"
            value={scheme}
            checked={props.value === scheme}
            onChange={() => props.onChange(scheme)}
          />
          <span>{t(`signing_key.scheme_${scheme}`)}</span>
        </label>
      ))}
    </fieldset>
  );
}
