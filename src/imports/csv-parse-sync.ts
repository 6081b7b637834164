import { createRequire } from 'node:module';
import type { parse as Parse } from 'csv-parse/sync';

/**
 * csv-parse's synchronous parser, loaded the first time a file needs it rather than when the web
 * app starts (plain CSV extracts go through csv-records.ts and never need it). Its CommonJS build,
 * which `require` resolves to: the same library and version as its ES modules.
 */
const requireModule = createRequire(import.meta.url);
let loaded: typeof Parse | undefined;

export const parseCsv = ((...args: Parameters<typeof Parse>) => {
  loaded ??= (requireModule('csv-parse/sync') as { parse: typeof Parse }).parse;
  return loaded(...args);
}) as typeof Parse;
