import Ajv from 'ajv';

/** The parts of the OpenAPI document the contract reads. */
export interface OpenApiDocument {
  servers: { url: string }[];
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, unknown> };
}
export interface OperationObject {
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { description: string; content?: Record<string, { schema?: unknown }> }>;
}
export interface Answer {
  method: string;
  /** The path as sent, under the servers' base (e.g. /api/groups/g-1/threads?cursor=x). */
  path: string;
  status: number;
  contentType: string | null;
  /** The body as text, as received. */
  text: string;
}

export const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

const COMPONENTS = '#/components/schemas/';
type Schema = Record<string, unknown>;

/**
 * Every object schema the document declares with `properties` is taken as closed: an answer may
 * carry no field the document does not name. (The document itself stays open for clients; the
 * contract is that it is exact.) An `allOf` of objects (an extended schema) is merged into one
 * object first, so that the parts do not close each other out. References point into the
 * document's schemas, added as `openapi`.
 */
function closer(components: Record<string, unknown>) {
  const resolve = (schema: unknown): Schema => {
    const ref = (schema as Schema).$ref;
    return typeof ref === 'string' && ref.startsWith(COMPONENTS) ? resolve(components[ref.slice(COMPONENTS.length)]) : (schema as Schema);
  };
  const close = (schema: unknown): unknown => {
    if (Array.isArray(schema)) return schema.map(close);
    if (!schema || typeof schema !== 'object') return schema;
    let source = schema as Schema;
    if (Array.isArray(source.allOf) && source.allOf.every((part) => resolve(part).type === 'object')) {
      const parts = source.allOf.map(resolve);
      const { allOf: _allOf, ...rest } = source;
      source = {
        ...rest,
        type: 'object',
        properties: Object.assign({}, ...parts.map((part) => part.properties ?? {})),
        required: parts.flatMap((part) => (part.required as string[] | undefined) ?? []),
      };
    }
    const entries = Object.entries(source).map(([key, value]) => {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(COMPONENTS)) return [key, `openapi#/definitions/${value.slice(COMPONENTS.length)}`];
      // Property names are not schemas: only their values are.
      if (key === 'properties') return [key, Object.fromEntries(Object.entries(value as object).map(([name, sub]) => [name, close(sub)]))];
      return [key, close(value)];
    });
    const result = Object.fromEntries(entries) as Schema;
    if (result.properties && result.additionalProperties === undefined) result.additionalProperties = false;
    return result;
  };
  return close;
}

const bare = (contentType: string | null) => (contentType ?? '').split(';')[0]!.trim().toLowerCase();

/**
 * The document as a checker of answers: for one answer, the list of ways it departs from what the
 * document declares for its operation (empty when it conforms). The status must be declared, the
 * content type must be one the status declares (or none, if it declares no content), and the body
 * must match that content's schema (JSON bodies parsed; other types are strings).
 */
export function contractOf(document: OpenApiDocument) {
  const ajv = new Ajv({ allErrors: true, strictKeywords: true, unknownFormats: ['binary'], validateSchema: false });
  const components = document.components?.schemas ?? {};
  const closed = closer(components);
  ajv.addSchema({ definitions: closed(components) }, 'openapi');
  const base = document.servers[0]?.url ?? '';
  const templates = Object.keys(document.paths)
    .map((template) => ({ template, pattern: new RegExp(`^${base}${template.replace(/\{[^}]+\}/g, '[^/]+')}$`), params: (template.match(/\{/g) ?? []).length }))
    // A literal segment wins over a parameter: /admin/updates/audience before /admin/updates/{id}.
    .sort((a, b) => a.params - b.params);
  const validators = new Map<unknown, Ajv.ValidateFunction>();
  const validatorOf = (schema: unknown) => {
    let validate = validators.get(schema);
    if (!validate) validators.set(schema, (validate = ajv.compile(closed(schema) as object)));
    return validate;
  };

  /** The document's path template of a concrete path and method, if any. */
  function operationOf(method: string, path: string) {
    const bareOf = path.split('?')[0]!;
    const found = templates.find(({ template, pattern }) => pattern.test(bareOf) && document.paths[template]![method.toLowerCase()]);
    return found ? { template: found.template, operation: document.paths[found.template]![method.toLowerCase()]! } : undefined;
  }

  function check(answer: Answer): string[] {
    const found = operationOf(answer.method, answer.path);
    const name = `${answer.method} ${found?.template ?? answer.path} → ${answer.status}`;
    if (!found) return [`${name}: no such operation in the document`];
    const declared = found.operation.responses[String(answer.status)] ?? found.operation.responses[`${String(answer.status)[0]}XX`] ?? found.operation.responses.default;
    if (!declared) return [`${name}: status not declared (declared: ${Object.keys(found.operation.responses).join(', ')})`];
    const type = bare(answer.contentType);
    if (!declared.content) return answer.text === '' ? [] : [`${name}: declared without content, answered ${type || 'a body'}`];
    const media = Object.entries(declared.content).find(([declaredType]) => bare(declaredType) === type || declaredType === '*/*')?.[1];
    if (!media) return [`${name}: content type ${type || '(none)'} not declared (declared: ${Object.keys(declared.content).join(', ')})`];
    let body: unknown = answer.text;
    if (type === 'application/json' || type.endsWith('+json')) {
      try {
        body = JSON.parse(answer.text);
      } catch {
        return [`${name}: the body is not JSON`];
      }
    }
    if (media.schema === undefined) return [`${name}: ${type} has no schema`];
    const validate = validatorOf(media.schema);
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${name}: body${e.dataPath} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
  }

  return { check, operationOf };
}

/** An answer as the contract reads it (the body read from a clone, so the caller may still read it). */
export async function answerOf(method: string, path: string, response: Response): Promise<Answer> {
  return { method, path, status: response.status, contentType: response.headers.get('content-type'), text: await response.clone().text() };
}
