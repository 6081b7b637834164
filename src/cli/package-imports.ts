import type { ResolveHookContext, ResolveFnOutput } from 'node:module';

/**
 * A resolve hook for ES module imports between files of one installed package (kysely's 262
 * files, commander's, PGlite's): `./x.js` from `.../node_modules/pkg/a.js` is that URL. Node's
 * own resolver also checks the file exists and follows symlinks (a stat and a realpath each),
 * which took about 35 of the 75 ms kysely costs every command to load. Files installed from a
 * package have no symlinks inside it, and a missing file still fails when it is loaded. Anything
 * else (our own modules, bare names, require) goes to Node's resolver as before; the module's
 * format is still decided by Node.
 */
export function resolveWithinPackage(specifier: string, context: ResolveHookContext, next: (specifier: string, context?: Partial<ResolveHookContext>) => ResolveFnOutput): ResolveFnOutput {
  const parent = context.parentURL;
  if (
    parent?.startsWith('file:') &&
    parent.includes('/node_modules/') &&
    (specifier.startsWith('./') || specifier.startsWith('../')) &&
    /\.m?js$/.test(specifier) &&
    context.conditions?.includes('import')
  ) {
    return { url: new URL(specifier, parent).href, shortCircuit: true };
  }
  return next(specifier, context);
}
