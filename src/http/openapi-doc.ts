import type { z } from 'zod';
import type { Role } from '../domain/types.js';

/**
 * What a route module says about each of its routes for `GET /openapi.json`: the same zod
 * schemas that validate its requests, what it answers, who may call it, and an example the
 * test of the document calls. Paths are Hono's (`/deals/:id`), relative to the module's mount.
 *
 * @example
 *   export const DOCS: RouteDoc[] = [{ method: 'post', path: '/deals/:id/notes', body: { schema: noteBody, example: { text: '...' } }, ... }];
 */
export interface RouteDoc {
  method: 'get' | 'post' | 'patch';
  path: string;
  /** An operationId: lower camel case, unique. */
  operationId: string;
  summary: string;
  description?: string;
  tag: 'Deals' | 'Handoffs' | 'Reads' | 'Agents' | 'Work' | 'Server';
  /** The roles the domain lets do it (undefined: any role token may). */
  roles?: readonly Role[];
  /** Path parameters: what each is, and the value the example uses. */
  params?: Record<string, { description: string; example: string }>;
  /** Query parameters. */
  query?: Record<string, { description: string; example?: string; schema: z.ZodTypeAny }>;
  body?: {
    schema: z.ZodTypeAny;
    example: unknown;
    /** Also accepted as the raw text (`text/plain`, `text/markdown`): the packet. */
    text?: { description: string };
  };
  /** The 200 answer. */
  response: z.ZodTypeAny;
  /** The error statuses this route may answer (401 and the edge's 413/421 are added for every route). */
  errors: readonly number[];
  /** The token the example call uses (default cro). */
  exampleRole?: Role;
  /** The status the example call gets in the document's order (default 200). */
  exampleStatus?: number;
  /** No bearer token needed (GET /health). */
  public?: boolean;
}
