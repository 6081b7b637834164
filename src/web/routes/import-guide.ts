import type { FastifyInstance } from 'fastify';
import { knownWords, ROLE_HELP, templateCsv, templateXlsx, VACANCY_COLUMNS, WORKER_COLUMNS } from '../../imports/columns.ts';

/**
 * The column guide (every column of the workers and vacancies files, what it holds, the names also
 * accepted, the words read for codes) and the CSV and XLSX templates. Analysts import, so it is theirs.
 */
export function register(app: FastifyInstance): void {
  const analyst = { config: { access: 'analyst' as const } };

  app.get('/imports/columns', analyst, async (_request, reply) =>
    reply.page('import-guide/columns.njk', { title: 'The columns of a workers or vacancies file', workers: WORKER_COLUMNS, vacancies: VACANCY_COLUMNS, words: knownWords(), roles: ROLE_HELP }),
  );

  for (const kind of ['workers', 'vacancies'] as const) {
    app.get(`/imports/templates/${kind}.csv`, analyst, async (_request, reply) =>
      reply.header('content-disposition', `attachment; filename="retain-${kind}-template.csv"`).type('text/csv; charset=utf-8').send(templateCsv(kind)),
    );
    app.get(`/imports/templates/${kind}.xlsx`, analyst, async (_request, reply) =>
      reply
        .header('content-disposition', `attachment; filename="retain-${kind}-template.xlsx"`)
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(await templateXlsx(kind)),
    );
  }
}
