import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { useI18n } from "../i18n/i18n-context";

/**
 * A modal confirmation (native <dialog>: focus stays inside, Escape cancels, focus returns to the
 * button that opened it).
 */
export function ConfirmDialog(props: {
  readonly open: boolean;
  readonly title: string;
  readonly children: ComponentChildren;
  readonly confirmLabel: string;
  readonly danger?: boolean;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  }, [props.open]);
  return (
    <dialog
      ref={ref}
      class="dialog"
      aria-labelledby="confirm-title"
      onCancel={(event) => {
        event.preventDefault();
        props.onCancel();
      }}
    >
      <h2 id="confirm-title">{props.title}</h2>
      <div class="dialog-body">{props.children}</div>
      <div class="actions">
        <button type="button" class="button-secondary" onClick={props.onCancel}>
          {t("common.cancel")}
        </button>
        <button
          type="button"
          class={props.danger === true ? "button-danger" : "button-primary"}
          onClick={props.onConfirm}
        >
          {props.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
