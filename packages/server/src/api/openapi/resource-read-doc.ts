import type { DocSchema, RouteDoc, RouteTag } from "./route-doc.js";

/**
 * The documentation of `GET` on one of the account's resources, the shape most read routes share:
 * the id in the path, the resource's representation answered with 200 (404 is added by the builder).
 */
export interface ResourceReadDoc {
  readonly path: string;
  readonly operationId: string;
  readonly tag: RouteTag;
  readonly summary: string;
  readonly description?: string;
  /** What `{id}` is: `The delivery's id (\`dlv_...\`).` */
  readonly id: string;
  /** What the 200 answer holds. */
  readonly answer: string;
  readonly schema: DocSchema;
  readonly headers?: { readonly [name: string]: string };
}

export function resourceReadDoc(doc: ResourceReadDoc): RouteDoc {
  const { id, answer, schema, headers, ...route } = doc;
  return {
    ...route,
    method: "GET",
    access: "account",
    pathParams: { id },
    responses: [{ status: 200, description: answer, schema, ...(headers === undefined ? {} : { headers }) }],
  };
}
