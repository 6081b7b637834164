/**
 * A problem with one cell, row or column of an imported file. `row` is the spreadsheet row
 * (header = 1) and `column` the header as written in the file (or the contract's name for a
 * column that is missing); either is null when the problem is with the file as a whole.
 */
export interface Problem {
  file: string;
  row: number | null;
  column: string | null;
  message: string;
}

/** `file:row:column: message`, as compilers print, so editors and grep can jump to it; absent parts are left out. */
export function formatProblem(problem: Problem): string {
  const where = [problem.file, problem.row === null ? null : String(problem.row), problem.column].filter((part) => part !== null);
  return `${where.join(':')}: ${problem.message}`;
}
