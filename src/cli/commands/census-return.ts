import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { authorityLabel, authorityNamed, print, printError, withDatabase } from '../context.ts';
import { RetainError } from '../../errors.ts';
import { usageError } from '../errors.ts';
import { UnsupportedCensusYearError } from '../../domain/census-return/schema.ts';
import { alignedTable, formatDifference, formatFigure, toJson } from '../format.ts';
import { authorityOption, examples, yearOption } from '../options.ts';

/**
 * `retain census-return export|validate|set` and `retain reconcile`: DfE's census return made,
 * checked and set beside what DfE published (issue 16). Figures come from src/reports/census-return.ts,
 * as the web pages' do.
 *
 * JSON field names (the contract for scripts; snake_case like the other figures commands):
 *   census-return validate --json:
 *     { census_year, authority_code, schema_source, errors, queries,
 *       failures: [{ code, severity ("error"|"query"), worker_id, start_date, record (1-based position
 *                    in the file, null for council-level), items, values, message }],
 *       year_on_year: { previous_year, compared_with ("published"|"retain"|null),
 *                       checks: [{ code, raised, measure, this_year, last_year, change_percent, message }] },
 *       not_held: [{ element, level ("header"|"la"|"worker"), required, records, reason }] }
 *   reconcile --json:
 *     { census_year, authority_code, published (a published row was found), release_id,
 *       measures: [{ measure, ours, published, symbol, difference, status
 *                    ("agrees"|"differs"|"not_published"|"not_ours"), explained_by: [id], affected_by: [id] }],
 *       explanations: [{ id, title, description, effects: { measure: change }, may_affect: [measure],
 *                        accounts_for: [measure], records: [{ worker_id, start_date, end_date, agency, fte,
 *                        role, team, swe_number }] }],
 *       accounted_for_together: [measure] }
 */

interface YearOptions {
  year: number;
  authority?: string;
}

/** A year Retain holds no schema for is a usage error (exit 2), named as such. */
function rethrowYear(error: unknown): never {
  if (error instanceof UnsupportedCensusYearError) throw usageError(`retain: ${error.message}`);
  throw error;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function registerCensusReturn(program: Command): void {
  const census = program
    .command('census-return')
    .description("DfE's children's social work workforce census return: export it, validate it, give the council-level answers no file holds")
    .addHelpText(
      'after',
      examples(
        'retain census-return export --year 2025 --out csww-2025.xml',
        'retain census-return validate --year 2025',
        'retain census-return set --year 2025 NoAgencyHeadcount=6 RecruitmentBonus=some',
      ),
    );

  census
    .command('export')
    .description('the return for a census year in DfE’s format for that year: XML to its schema, or the CSV form')
    .addOption(yearOption())
    .addOption(authorityOption())
    .addOption(new Option('--format <format>', 'xml or csv').choices(['xml', 'csv']).default('xml'))
    .addOption(new Option('--level <level>', 'CSV only: the workers table or the council-level (LA) row').choices(['workers', 'la']).default('workers'))
    .option('--out <file>', 'write to this file (default: standard output)')
    .addHelpText(
      'after',
      `\nThe report (records left out; items the schema asks for that Retain does not hold, and why) goes to
standard error. Items not held are left out of the file, never invented.\n` +
        examples(
          'retain census-return export --year 2025 --out csww-2025.xml',
          'retain census-return export --year 2025 --format csv --out workers.csv',
          'retain census-return export --year 2025 --format csv --level la',
        ),
    )
    .action(async (options: YearOptions & { format: 'xml' | 'csv'; level: 'workers' | 'la'; out?: string }, command: Command) => {
      const { censusReturnFor, censusReturnTables, censusReturnXml } = await import('../../reports/census-return.ts');
      const { tableToCsv } = await import('../../reports/tables.ts');
      await withDatabase(command, async (db) => {
        const authority = await authorityNamed(db, options.authority);
        const built = await censusReturnFor(db, authority.code, options.year, new Date()).catch(rethrowYear);
        const tables = censusReturnTables(built);
        const text = options.format === 'xml' ? censusReturnXml(built) : tableToCsv(options.level === 'la' ? tables.laLevel : tables.workers, 'keys');
        if (options.out) await writeFile(options.out, text);
        else print(text);
        const { report } = built;
        printError(
          `${authorityLabel(authority)}, census year ${options.year}: ${plural(report.employed + report.agency, 'worker record')} (${report.employed} employed, ${report.agency} agency)${options.out ? ` written to ${options.out}` : ''}.`,
        );
        if (report.schemaNote) printError(`Schema: ${report.schemaNote}`);
        for (const left of report.excluded) printError(`Left out: ${plural(left.records, 'record')}, ${left.reason}.`);
        for (const item of report.notHeld) {
          printError(`Not held: ${item.element}${item.required ? ' (required)' : ''}${item.records === null ? '' : ` for ${plural(item.records, 'record')}`}: ${item.reason}`);
        }
      });
    });

  census
    .command('validate')
    .description('check the return before submission: schema, errors and queries per worker, year-on-year queries')
    .addOption(yearOption())
    .addOption(authorityOption())
    .option('--json', 'the whole result as JSON (field names in src/cli/commands/census-return.ts)')
    .option('--xlsx <file>', 'also write the failures, year-on-year checks and rules to an XLSX workbook')
    .addHelpText(
      'after',
      `\nExit codes: 0 no errors (queries may remain), 1 the return has errors.\n${examples('retain census-return validate --year 2025', 'retain census-return validate --year 2025 --json > validation.json', 'retain census-return validate --year 2025 --xlsx failures.xlsx')}`,
    )
    .action(async (options: YearOptions & { json?: boolean; xlsx?: string }, command: Command) => {
      const { rulesTable, validateCensusReturn, validationTable, yearOnYearTable } = await import('../../reports/census-return.ts');
      await withDatabase(command, async (db) => {
        const authority = await authorityNamed(db, options.authority);
        const validation = await validateCensusReturn(db, authority.code, options.year, new Date()).catch(rethrowYear);
        if (options.xlsx) {
          const { tablesToXlsx } = await import('../../reports/tables.ts');
          await writeFile(options.xlsx, await tablesToXlsx([validationTable(validation), yearOnYearTable(validation.yearOnYear), rulesTable()]));
        }
        if (options.json) {
          print(
            toJson({
              census_year: validation.censusYear,
              authority_code: validation.authorityCode,
              schema_source: validation.built.schema.source,
              errors: validation.errors,
              queries: validation.queries,
              failures: validation.entries.map((entry) => ({
                code: entry.code,
                severity: entry.severity,
                worker_id: entry.workerId,
                start_date: entry.startDate,
                record: entry.position,
                items: entry.element,
                values: entry.value,
                message: entry.message,
              })),
              year_on_year: {
                previous_year: validation.yearOnYear.previousYear,
                compared_with: validation.yearOnYear.comparedWith,
                checks: validation.yearOnYear.checks.map((check) => ({
                  code: check.code,
                  raised: check.raised,
                  measure: check.measure,
                  this_year: check.thisYear,
                  last_year: check.lastYear,
                  change_percent: check.changePercent,
                  message: check.message,
                })),
              },
              not_held: validation.built.report.notHeld,
            }),
          );
        } else {
          print(`${authorityLabel(authority)}, census return ${options.year}: ${plural(validation.errors, 'error')}, ${plural(validation.queries, 'query', 'queries')}\n`);
          if (validation.entries.length > 0) {
            print(
              alignedTable(
                ['rule', 'kind', 'worker', 'post start', 'message'],
                validation.entries.map((entry) => [entry.code, entry.severity, entry.workerId ?? '(council)', entry.startDate ?? '', entry.message]),
              ),
            );
          }
          const raised = validation.yearOnYear.checks.filter((check) => check.raised);
          print(
            `\nYear on year${validation.yearOnYear.previousYear === null ? '' : ` (against ${validation.yearOnYear.previousYear}, ${validation.yearOnYear.comparedWith === 'published' ? 'as DfE published it' : 'from Retain’s records'})`}: ${raised.length === 0 ? 'no queries' : plural(raised.length, 'query', 'queries')}`,
          );
          for (const check of raised) print(`  ${check.code}  ${check.message}`);
          if (options.xlsx) printError(`Wrote ${options.xlsx}`);
        }
        if (validation.errors > 0) {
          const message = `The ${options.year} return has ${plural(validation.errors, 'error')} to fix before submission.`;
          // Exit 1; with --json the JSON already says so, and nothing more is printed.
          throw new RetainError('invalid_input', message, { lines: options.json ? [] : [message] });
        }
      });
    });

  census
    .command('set')
    .description('give (or clear, with an empty value) the council-level answers no file holds, for a census year')
    .addOption(yearOption())
    .addOption(authorityOption())
    .argument('<answers...>', 'ITEM=VALUE pairs: NoAgencyHeadcount=6, RecruitmentBonus=no|all|some (or 0|1|2), ... OtherAllowances="None"')
    .addHelpText('after', examples('retain census-return set --year 2025 NoAgencyHeadcount=6 RecruitmentBonus=some RetentionBonus=no', 'retain census-return set --year 2025 OtherAllowances='))
    .action(async (pairs: string[], options: YearOptions, command: Command) => {
      const { parseAnswers } = await import('../../domain/census-return/answers.ts');
      const { isSupportedCensusYear } = await import('../../domain/census-return/schema.ts');
      if (!isSupportedCensusYear(options.year)) rethrowYear(new UnsupportedCensusYearError(options.year));
      const raw: Record<string, string> = {};
      for (const pair of pairs) {
        const at = pair.indexOf('=');
        if (at <= 0) throw usageError(`retain: "${pair}" is not ITEM=VALUE`);
        raw[pair.slice(0, at).trim()] = pair.slice(at + 1);
      }
      const parsed = parseAnswers(options.year, raw);
      if (!parsed.ok) throw usageError(...Object.values(parsed.errors).map((message) => `retain: ${message}`), 'Nothing was saved.');
      const { setCensusReturnAnswers } = await import('../../commands/census-return.ts');
      await withDatabase(command, async (db) => {
        const authority = await authorityNamed(db, options.authority);
        const changed = await setCensusReturnAnswers(db, { authorityCode: authority.code, censusYear: options.year, answers: parsed.value }, { userId: null, email: 'cli', ip: null });
        print(changed.length === 0 ? 'Nothing changed.' : `Saved for ${options.year}: ${changed.map((item) => `${item}=${parsed.value[item] ?? '(cleared)'}`).join(', ')}`);
      });
    });

  program
    .command('reconcile')
    .description('our census figures beside DfE’s published row for the council and year: the difference, and the records that explain it')
    .addOption(yearOption())
    .addOption(authorityOption())
    .option('--json', 'the whole reconciliation as JSON, numbers unrounded (field names in src/cli/commands/census-return.ts)')
    .addHelpText('after', `\nDfE's published rows come from retain benchmarks import FILE.\n${examples('retain reconcile --year 2024', 'retain reconcile --year 2024 --json')}`)
    .action(async (options: YearOptions & { json?: boolean }, command: Command) => {
      const { explanationRecordJson, reconciliationFor } = await import('../../reports/census-return.ts');
      await withDatabase(command, async (db) => {
        const authority = await authorityNamed(db, options.authority);
        const view = await reconciliationFor(db, authority.code, options.year, true);
        if (options.json) {
          print(
            toJson({
              census_year: view.censusYear,
              authority_code: view.authorityCode,
              published: view.published,
              release_id: view.releaseId,
              measures: view.rows.map((row) => ({
                measure: row.field,
                ours: row.ours,
                published: row.published,
                symbol: row.symbol,
                difference: row.difference,
                status: row.status,
                explained_by: row.explainedBy,
                affected_by: row.affectedBy,
              })),
              explanations: view.explanations.map((explanation) => ({
                id: explanation.id,
                title: explanation.title,
                description: explanation.description,
                effects: explanation.effects,
                may_affect: explanation.mayAffect,
                accounts_for: explanation.accountsFor,
                records: explanation.records.map(explanationRecordJson),
              })),
              accounted_for_together: view.accountedForTogether,
            }),
          );
          return;
        }
        if (!view.published) {
          printError(`No published row for ${authorityLabel(authority)} in ${options.year} is loaded: retain benchmarks import FILE (DfE's csww_indicators file).`);
        }
        const titles = new Map(view.explanations.map((explanation, index) => [explanation.id, `[${index + 1}]`]));
        print(`${authorityLabel(authority)}, census year ${options.year}: ours beside DfE's published row\n`);
        print(
          alignedTable(
            ['measure', 'ours', 'published', 'difference', 'status', 'explained by'],
            view.rows.map((row) => [
              row.field,
              formatFigure(row.field, row.ours),
              formatFigure(row.field, row.published ?? row.symbol),
              formatDifference(row.field, row.ours, row.published),
              row.status.replace('_', ' '),
              row.explainedBy.map((id) => titles.get(id)).join(' '),
            ]),
          ),
        );
        view.explanations.forEach((explanation, index) => {
          print(`\n[${index + 1}] ${explanation.title} (${plural(explanation.records.length, 'record')})\n    ${explanation.description}`);
          if (explanation.accountsFor.length > 0) print(`    Accounts for: ${explanation.accountsFor.join(', ')}`);
          for (const record of explanation.records.slice(0, 20))
            print(
              `    ${record.workerId}  ${record.startDate}${record.endDate ? ` to ${record.endDate}` : ''}  ${record.agency ? 'agency' : 'employed'}  FTE ${record.fte}${record.team ? `  ${record.team}` : ''}`,
            );
          if (explanation.records.length > 20) print(`    ... and ${explanation.records.length - 20} more (--json lists them all)`);
        });
        if (view.accountedForTogether.length > 0) print(`\nTogether the explanations account for: ${view.accountedForTogether.join(', ')}`);
      });
    });
}
