import { failureReasonDescriptions, type JsonSchema } from "@voicehire/webhooks";
import { jsonTypeOf, type SchemaField, schemaFields } from "../catalog/schema-fields";
import { useI18n } from "../i18n/i18n-context";
import { ColumnHeads } from "./column-heads";

/** The fields of an event's `data`: path, JSON type with its constraints, whether required, description. */
export function EventFieldsTable(props: { readonly type: string; readonly schema: JsonSchema }) {
  const { t } = useI18n();
  return (
    <table class="responsive-table fields-table">
      <caption class="visually-hidden">
        {t("catalog.fields")} · {props.type}
      </caption>
      <ColumnHeads labels={[t("catalog.col_field"), t("catalog.col_type"), t("catalog.col_description")]} />
      <tbody>
        {schemaFields(props.schema).map((field) => (
          <tr key={field.path}>
            <td data-label={t("catalog.col_field")}>
              <code class="nowrap" style={{ paddingLeft: `${field.depth}rem` }}>
                {field.path}
              </code>
            </td>
            <td data-label={t("catalog.col_type")}>
              <code class="nowrap">{jsonTypeOf(field.schema)}</code>{" "}
              <span class="muted">
                {[
                  field.required ? t("catalog.required") : t("catalog.optional"),
                  ...constraints(field, t),
                ].join(", ")}
              </span>
            </td>
            <td data-label={t("catalog.col_description")} lang="en">
              {field.schema.description ?? ""}
              <AllowedValues field={field} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

type Translate = ReturnType<typeof useI18n>["t"];

function constraints(field: SchemaField, t: Translate): string[] {
  const { schema } = field;
  const found: string[] = [];
  if (schema.type === "string") {
    if (schema.format === "date") found.push(t("catalog.format_date"));
    if (schema.format === "date-time") found.push(t("catalog.format_date_time"));
    if (schema.format === "uri") found.push(t("catalog.format_uri"));
    if (schema.minLength !== undefined && schema.minLength > 0) found.push(t("catalog.non_empty"));
  }
  if ((schema.type === "number" || schema.type === "integer") && schema.minimum !== undefined) {
    found.push(t("catalog.minimum", { min: schema.minimum }));
  }
  return found;
}

/** An enum's values, with the document's meaning of each failure reason when there is one. */
function AllowedValues(props: { readonly field: SchemaField }) {
  const { t, language } = useI18n();
  const { schema } = props.field;
  if (schema.type !== "string" || schema.enum === undefined) return null;
  const meanings = failureReasonDescriptions as Readonly<Record<string, { fr: string; en: string }>>;
  return (
    <div lang={language}>
      <p class="small">{t("catalog.one_of")}</p>
      <ul class="enum-values">
        {schema.enum.map((value) => (
          <li key={value}>
            <code>{value}</code>
            {meanings[value] === undefined ? null : ` — ${meanings[value][language]}`}
          </li>
        ))}
      </ul>
    </div>
  );
}
