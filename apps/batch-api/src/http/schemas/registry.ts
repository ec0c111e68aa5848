import { z } from 'zod';

/**
 * The named response schemas of the public API. Each becomes a component of the OpenAPI document
 * (`#/components/schemas/<id>`), and the presenters return `z.infer` of the same schema, so the
 * code and the document cannot drift (docs/api-compatibility.md).
 */
export const apiSchemas = z.registry<{ id: string; description?: string }>();

/** Registers `schema` as the component `id` (Mixpeek's name where the route is shared) and returns it. */
export function named<S extends z.ZodType>(id: string, schema: S, description?: string): S {
  apiSchemas.add(schema, description === undefined ? { id } : { id, description });
  return schema;
}

/** The component id of a registered schema, if it has one. */
export function componentId(schema: z.ZodType): string | undefined {
  return apiSchemas.get(schema)?.id;
}

/** An open JSON object (user metadata, payloads). */
export const jsonObject = z.record(z.string(), z.unknown());
/** An ISO 8601 timestamp. */
export const timestamp = z.string().describe('ISO 8601 timestamp');
export const nullableTimestamp = timestamp.nullable();
