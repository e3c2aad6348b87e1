import type { SignatureScheme } from "../api/types";
import { useI18n } from "../i18n/i18n-context";
import { RadioChoices } from "./radio-choices";

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
      <RadioChoices
        name="signature_scheme"
        choices={["hmac", "ed25519"] as const}
        value={props.value}
        label={(scheme) => t(`signing_key.scheme_${scheme}`)}
        onChange={props.onChange}
      />
    </fieldset>
  );
}
