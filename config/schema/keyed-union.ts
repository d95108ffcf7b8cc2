import { z } from 'zod';

/**
 * A union of two object schemas chosen by the presence of one key (e.g. `external`), so that errors come
 * from the branch the author meant instead of zod's "invalid union" over both.
 */
export function keyedUnion<P extends z.ZodType, A extends z.ZodType>(
  key: string,
  whenPresent: P,
  whenAbsent: A,
): z.ZodType<z.output<P> | z.output<A>, z.input<P> | z.input<A>> {
  return z.any().transform((value, ctx) => {
    const schema = value !== null && typeof value === 'object' && key in value ? whenPresent : whenAbsent;
    const result = schema.safeParse(value, { reportInput: true });
    if (result.success) return result.data as z.output<P> | z.output<A>;
    for (const issue of result.error.issues) ctx.issues.push({ ...issue, path: issue.path } as never);
    return z.NEVER;
  }) as unknown as z.ZodType<z.output<P> | z.output<A>, z.input<P> | z.input<A>>;
}
