import type { Endpoint } from "../api/types";
import { useI18n } from "../i18n/i18n-context";

/**
 * The endpoint's circuit breaker, when it is not closed: paused until a time after failures in a row
 * ("En pause jusqu'à 10:42 après 5 échecs"), or its pause over and one probe attempt deciding. Nothing
 * while attempts flow.
 */
export function CircuitStatus(props: { readonly circuit: Endpoint["circuit"] }) {
  const { tn, format } = useI18n();
  const circuit = props.circuit;
  if (circuit === undefined || circuit.state === "closed") return null;
  const failures = circuit.consecutive_failures;
  return (
    <div class="message message-warning" role="status" data-testid="circuit-status">
      <p>
        {circuit.state === "open" && circuit.paused_until !== null
          ? tn("circuit.paused_until", failures, { time: format.time(circuit.paused_until) })
          : tn("circuit.probing", failures)}
      </p>
    </div>
  );
}
