import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CommanderError } from 'commander';
import { EXIT_CODES, EXIT_FAILED, EXIT_USAGE, errorLines, exitCodeFor, usageError, validationFailed } from './cli/errors.ts';
import { ERROR_CODES, RetainError, isRetainError, noFigures, notFound, unknownAuthority, type ErrorCode } from './errors.ts';
import { HTTP_PROBLEMS, problemFor } from './web/problems.ts';

/** Every code, its HTTP status and its exit code, written out: a change to either map is a change to this table. */
const EXPECTED: Record<ErrorCode, [status: number, exit: number]> = {
  bad_request: [400, EXIT_USAGE],
  unauthenticated: [401, EXIT_FAILED],
  forbidden: [403, EXIT_FAILED],
  csrf: [403, EXIT_FAILED],
  not_found: [404, EXIT_FAILED],
  upload_not_found: [404, EXIT_FAILED],
  too_large: [413, EXIT_FAILED],
  rate_limited: [429, EXIT_FAILED],
  invalid_year: [400, EXIT_USAGE],
  invalid_date: [400, EXIT_USAGE],
  invalid_parameter: [400, EXIT_USAGE],
  invalid_input: [400, EXIT_FAILED],
  usage: [400, EXIT_USAGE],
  checksum_mismatch: [400, EXIT_FAILED],
  conflict: [409, EXIT_FAILED],
  no_authority: [403, EXIT_USAGE],
  unknown_authority: [404, EXIT_USAGE],
  ambiguous_authority: [400, EXIT_USAGE],
  no_figures: [404, EXIT_FAILED],
  incomplete_census_year: [409, EXIT_FAILED],
  pdf_unavailable: [503, EXIT_FAILED],
  data_directory_in_use: [503, EXIT_FAILED],
  database_unavailable: [503, EXIT_FAILED],
  internal_error: [500, EXIT_FAILED],
};

test('each error code maps to its HTTP status, its problem JSON and its CLI exit code', () => {
  assert.deepEqual(Object.keys(EXPECTED).sort(), [...ERROR_CODES].sort());
  for (const code of ERROR_CODES) {
    const [status, exit] = EXPECTED[code];
    const error = new RetainError(code, `something about ${code}`);
    assert.equal(HTTP_PROBLEMS[code].status, status, code);
    assert.deepEqual(problemFor(error).problem, { type: `/api#problem-${code}`, title: HTTP_PROBLEMS[code].title, status, detail: `something about ${code}`, code }, code);
    assert.equal(exitCodeFor(error), exit, code);
    assert.equal(EXIT_CODES[code], exit, code);
  }
});

test('codes are snake_case words and every title is a sentence for people', () => {
  for (const code of ERROR_CODES) {
    assert.match(code, /^[a-z]+(_[a-z]+)*$/);
    assert.match(HTTP_PROBLEMS[code].title, /^[A-Z][^.]+$/, code);
  }
});

test('a RetainError is an Error, matched by code and never by class name', () => {
  const error = unknownAuthority('999');
  const thrown: unknown = error;
  assert.ok(thrown instanceof Error);
  assert.ok(isRetainError(thrown));
  assert.ok(isRetainError(thrown, 'unknown_authority', 'no_authority'));
  assert.ok(!isRetainError(thrown, 'not_found'));
  assert.ok(!isRetainError(new Error('No authority with code "999"'), 'unknown_authority'));
  assert.deepEqual(error.details, { authorityCode: '999' });
  assert.equal(error.message, 'No authority with code "999"');
});

test('errors that are not the family answer by their own status, or 500 without their text', () => {
  // Fastify's own: a body too large keeps its 413 and message.
  const tooLarge = Object.assign(new Error('Request body is too large'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
  assert.deepEqual(problemFor(tooLarge).problem, { type: '/api#problem-too_large', title: 'The file is too large', status: 413, detail: 'Request body is too large', code: 'too_large' });
  // A 4xx with no code of its own keeps its status, as bad_request.
  assert.equal(problemFor(Object.assign(new Error('Unsupported Media Type'), { statusCode: 415 })).problem.status, 415);
  assert.equal(problemFor(Object.assign(new Error('Unsupported Media Type'), { statusCode: 415 })).problem.code, 'bad_request');
  const bug = problemFor(new Error('relation "secrets" does not exist'));
  assert.deepEqual(bug, {
    problem: { type: '/api#problem-internal_error', title: 'Sorry, there is a problem with the service', status: 500, detail: 'Try again later.', code: 'internal_error' },
    log: 'error',
  });
  const lost = problemFor(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }));
  assert.equal(lost.problem.code, 'database_unavailable');
  assert.equal(lost.problem.status, 503);
  assert.equal(problemFor(Object.assign(new Error('value out of range'), { code: '22003' })).problem.status, 400);
});

test('the CLI prints its own errors line for line, a use case\'s message after "retain:", and a bug with the RETAIN_DEBUG hint', () => {
  assert.deepEqual(errorLines(usageError('retain agency: give --year Y.', 'second line')), ['retain agency: give --year Y.', 'second line']);
  assert.equal(exitCodeFor(usageError('x')), EXIT_USAGE);
  const failed = validationFailed(['workers.csv:3:fte: not a number'], '1 problem in workers.csv; nothing was imported.');
  assert.deepEqual(errorLines(failed), ['workers.csv:3:fte: not a number', '1 problem in workers.csv; nothing was imported.']);
  assert.equal(exitCodeFor(failed), EXIT_FAILED);
  assert.deepEqual(errorLines(noFigures('There are no figures yet.')), ['retain: There are no figures yet.']);
  assert.deepEqual(errorLines(notFound('No scenario 4 for 202')), ['retain: No scenario 4 for 202']);
  const lost = Object.assign(new Error('Connection terminated unexpectedly'), {});
  assert.match(errorLines(lost).join('\n'), /^retain: the connection to PostgreSQL was lost \(Connection terminated unexpectedly\)\. .*rolled back; run it again\.$/);
  assert.equal(exitCodeFor(lost), EXIT_FAILED);
  const previous = process.env.RETAIN_DEBUG;
  delete process.env.RETAIN_DEBUG;
  try {
    assert.deepEqual(errorLines(new Error('boom')), ['retain: boom', '(set RETAIN_DEBUG=1 for details)']);
  } finally {
    if (previous !== undefined) process.env.RETAIN_DEBUG = previous;
  }
  assert.equal(exitCodeFor(new Error('boom')), EXIT_FAILED);
  assert.equal(exitCodeFor(new CommanderError(1, 'commander.unknownOption', 'unknown option')), EXIT_USAGE);
  assert.equal(exitCodeFor(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)')), 0);
});
