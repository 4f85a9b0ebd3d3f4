import { z } from 'zod';

/** Building blocks shared by the configuration's schemas. */

export const text = z.string().trim().min(1);
export const positive = z.number().finite().positive();
export const count = z.number().int().positive();

/** A section left empty in YAML (`roles:`) is null: read it as absent. */
export const section = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((v) => (v === null ? undefined : v), schema);
