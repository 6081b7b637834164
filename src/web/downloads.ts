import type { FastifyReply } from 'fastify';
import { tablesToXlsx, tableToCsv, type AnyTable } from '../reports/tables.ts';

export const DOWNLOAD_FORMATS = ['csv', 'xlsx'] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];

/**
 * Sends tables as a file to save: CSV (the first table; CSV has no sheets) or XLSX (a sheet per
 * table). Both go through src/reports/tables.ts, so a download matches the CLI's `--csv` output.
 */
export async function sendTables(reply: FastifyReply, format: DownloadFormat, fileStem: string, tables: readonly [AnyTable, ...AnyTable[]]): Promise<FastifyReply> {
  const name = `${fileStem.replace(/[^A-Za-z0-9._-]+/g, '-')}.${format}`;
  reply.header('content-disposition', `attachment; filename="${name}"`);
  if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(tableToCsv(tables[0]));
  return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await tablesToXlsx(tables));
}
