import ts from "typescript";

/**
 * Compares hand-written TypeScript wire types with the JSON Schemas of an OpenAPI document, read from
 * the source text (no type checker: the declarations are plain interfaces, unions and literals).
 * A property the types name must be in the schema; one they declare always present must be required;
 * a type must accept what the schema allows (string, number, boolean, null, the same enum values).
 */
export type Schema = { readonly [keyword: string]: unknown };

export interface WireTypes {
  /** Every declaration the file exports, by name. */
  readonly declarations: ReadonlyMap<string, ts.InterfaceDeclaration | ts.TypeAliasDeclaration>;
}

export function readWireTypes(source: string): WireTypes {
  const file = ts.createSourceFile("types.ts", source, ts.ScriptTarget.Latest, true);
  const declarations = new Map<string, ts.InterfaceDeclaration | ts.TypeAliasDeclaration>();
  for (const statement of file.statements) {
    if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) {
      declarations.set(statement.name.text, statement);
    }
  }
  return { declarations };
}

/** Follows `$ref`s into `document.components.schemas`. */
function resolve(document: Schema, schema: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== "string") return schema;
  const name = ref.replace("#/components/schemas/", "");
  const components = (document.components as { schemas: Record<string, Schema> }).schemas;
  const target = components[name];
  if (target === undefined) throw new Error(`${ref} is not in the document`);
  return resolve(document, target);
}

/** The schema's branches other than null, and whether it allows null. */
function branches(document: Schema, raw: Schema): { readonly options: Schema[]; readonly nullable: boolean } {
  const schema = resolve(document, raw);
  const union = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (union !== undefined) {
    const parts = union.map((part) => branches(document, part));
    return { options: parts.flatMap((p) => p.options), nullable: parts.some((p) => p.nullable) };
  }
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string | undefined];
  if (types.length === 1 && types[0] === "null") return { options: [], nullable: true };
  return { options: [schema], nullable: types.includes("null") };
}

type Bindings = ReadonlyMap<string, ts.TypeNode>;

export class WireTypeChecker {
  readonly problems: string[] = [];

  constructor(
    private readonly types: WireTypes,
    private readonly document: Schema,
  ) {}

  /** Checks the declaration `name` against `schema`; problems are collected, each naming its path. */
  checkDeclaration(name: string, schema: Schema, typeArguments: readonly ts.TypeNode[] = []): void {
    this.checkReference(name, typeArguments, schema, name, new Map());
  }

  private checkReference(
    name: string,
    typeArguments: readonly ts.TypeNode[],
    schema: Schema,
    path: string,
    outer: Bindings,
  ): void {
    const declaration = this.types.declarations.get(name);
    if (declaration === undefined) {
      this.problems.push(`${path}: the type ${name} is not declared in types.ts`);
      return;
    }
    const bindings = new Map<string, ts.TypeNode>();
    declaration.typeParameters?.forEach((parameter, index) => {
      const argument = typeArguments[index];
      if (argument !== undefined) bindings.set(parameter.name.text, argument);
    });
    if (ts.isTypeAliasDeclaration(declaration)) {
      this.checkType(declaration.type, schema, path, bindings.size > 0 ? bindings : outer);
    } else {
      this.checkMembers(this.interfaceMembers(declaration), schema, path, bindings);
    }
  }

  /** An interface's own members and those of the interfaces it extends. */
  private interfaceMembers(declaration: ts.InterfaceDeclaration): ts.TypeElement[] {
    const inherited = (declaration.heritageClauses ?? []).flatMap((clause) =>
      clause.types.flatMap((base) => {
        const parent = this.types.declarations.get(base.expression.getText());
        return parent !== undefined && ts.isInterfaceDeclaration(parent) ? this.interfaceMembers(parent) : [];
      }),
    );
    return [...inherited, ...declaration.members];
  }

  private checkMembers(
    members: readonly ts.TypeElement[],
    raw: Schema,
    path: string,
    bindings: Bindings,
  ): void {
    const { options } = branches(this.document, raw);
    const schema = options.find((option) => option.type === "object");
    if (schema === undefined) {
      this.problems.push(`${path}: an object in types.ts, not in the document`);
      return;
    }
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const required = new Set((schema.required ?? []) as string[]);
    for (const member of members) {
      if (!ts.isPropertySignature(member) || member.type === undefined) continue;
      const name = member.name.getText();
      const property = properties[name];
      if (property === undefined) {
        this.problems.push(`${path}.${name}: in types.ts, not in the document`);
        continue;
      }
      if (member.questionToken === undefined && !required.has(name)) {
        this.problems.push(`${path}.${name}: always present in types.ts, optional in the document`);
      }
      this.checkType(member.type, property, `${path}.${name}`, bindings);
    }
  }

  private checkType(raw: ts.TypeNode, schema: Schema, path: string, bindings: Bindings): void {
    const node = unwrap(raw);
    if (node.kind === ts.SyntaxKind.UnknownKeyword || node.kind === ts.SyntaxKind.AnyKeyword) return;
    const members = ts.isUnionTypeNode(node) ? [...node.types] : [node];
    const isNull = (member: ts.TypeNode) =>
      ts.isLiteralTypeNode(member) && member.literal.kind === ts.SyntaxKind.NullKeyword;
    const { options, nullable } = branches(this.document, schema);
    if (nullable && !members.some(isNull)) {
      this.problems.push(`${path}: the document allows null, types.ts does not`);
    }
    const others = members.filter((member) => !isNull(member));
    if (others.length === 0) return;
    if (others.every((member) => ts.isLiteralTypeNode(member))) {
      this.checkLiterals(others as ts.LiteralTypeNode[], options, path);
    } else if (others.length > 1) {
      this.checkAlternatives(others, options, path, bindings);
    } else {
      this.checkSingle(others[0] as ts.TypeNode, options, path, bindings);
    }
  }

  /** A union of object types (a session signed in or not): each must match one of the schema's branches. */
  private checkAlternatives(
    members: readonly ts.TypeNode[],
    options: readonly Schema[],
    path: string,
    bindings: Bindings,
  ): void {
    members.forEach((member, index) => {
      const matches = options.some((option) => {
        const trial = new WireTypeChecker(this.types, this.document);
        trial.checkSingle(member, [option], path, bindings);
        return trial.problems.length === 0;
      });
      if (!matches) this.problems.push(`${path}: member ${index + 1} of the union matches no schema branch`);
    });
  }

  private checkLiterals(
    literals: readonly ts.LiteralTypeNode[],
    options: readonly Schema[],
    path: string,
  ): void {
    const values = literals.map((literal) => {
      const kind = literal.literal.kind;
      if (kind === ts.SyntaxKind.TrueKeyword) return true;
      if (kind === ts.SyntaxKind.FalseKeyword) return false;
      return (literal.literal as ts.StringLiteral).text;
    });
    const allowed = options.flatMap((option) =>
      Array.isArray(option.enum) ? option.enum : "const" in option ? [option.const] : [],
    );
    const missing = values.filter((value) => !allowed.includes(value));
    const unknown = allowed.filter((value) => value !== null && !values.includes(value as string | boolean));
    if (missing.length > 0) this.problems.push(`${path}: ${missing.join(", ")} not in the document's values`);
    if (unknown.length > 0)
      this.problems.push(`${path}: the document's ${unknown.join(", ")} unknown to types.ts`);
  }

  private checkSingle(node: ts.TypeNode, options: readonly Schema[], path: string, bindings: Bindings): void {
    const schema = options[0];
    if (schema === undefined) {
      this.problems.push(`${path}: only null in the document`);
      return;
    }
    const type = schema.type;
    const expected = expectedTypes(node);
    if (expected !== undefined) {
      if (!expected.includes(type as string)) {
        this.problems.push(`${path}: ${expected[0]} in types.ts, ${String(type)} in the document`);
      } else if (ts.isArrayTypeNode(node)) {
        this.checkType(node.elementType, schema.items as Schema, `${path}[]`, bindings);
      }
    } else if (ts.isTypeLiteralNode(node)) {
      this.checkMembers(node.members, schema, path, bindings);
    } else if (ts.isTypeReferenceNode(node)) {
      this.checkTypeReference(node, schema, path, bindings);
    } else {
      this.problems.push(`${path}: a type this check does not read (${node.getText()})`);
    }
  }

  private checkTypeReference(
    node: ts.TypeReferenceNode,
    schema: Schema,
    path: string,
    bindings: Bindings,
  ): void {
    const name = node.typeName.getText();
    const args = node.typeArguments ?? [];
    const bound = bindings.get(name);
    if (bound !== undefined) {
      this.checkType(bound, schema, path, bindings);
    } else if (name === "Readonly" && args[0] !== undefined) {
      this.checkType(args[0], schema, path, bindings);
    } else if (name === "Record" && args[1] !== undefined) {
      if (schema.type !== "object" || typeof schema.additionalProperties !== "object") {
        this.problems.push(`${path}: a map in types.ts, not in the document`);
      } else {
        this.checkType(args[1], schema.additionalProperties as Schema, `${path}[key]`, bindings);
      }
    } else {
      this.checkReference(name, args, schema, path, bindings);
    }
  }
}

/** Without parentheses and `readonly`. */
function unwrap(node: ts.TypeNode): ts.TypeNode {
  if (ts.isParenthesizedTypeNode(node) || ts.isTypeOperatorNode(node)) return unwrap(node.type);
  return node;
}

/** The schema types a keyword or an array accepts (its name first); undefined for the others. */
function expectedTypes(node: ts.TypeNode): readonly string[] | undefined {
  if (node.kind === ts.SyntaxKind.StringKeyword) return ["string"];
  if (node.kind === ts.SyntaxKind.NumberKeyword) return ["number", "integer"];
  if (node.kind === ts.SyntaxKind.BooleanKeyword) return ["boolean"];
  if (ts.isArrayTypeNode(node)) return ["array"];
  return undefined;
}
