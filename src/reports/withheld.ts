import type { Db } from '../db/database.ts';
import { redactSmallFigures, quotedSmallFigures, type QuotedFigure } from '../domain/disclosure.ts';
import type { Finding, ProgressUpdate, Recommendation } from '../domain/reviews.ts';
import { councilFigures } from './metrics.ts';

/**
 * The figures a council's tables withhold from viewers (src/domain/disclosure.ts), for checking
 * sentences: the council, each team and each role, in every census year its data covers. Findings
 * and documents for committee are checked against these before anyone outside the officers reads them.
 * From the council's one load (councilFigures), worked out once per data version.
 */
export async function withheldFiguresFor(db: Db, authorityCode: string): Promise<string[]> {
  return (await councilFigures(db, authorityCode)).withheldFigures();
}

/** A finding as a viewer or a committee reads it: any quoted small figure replaced by [c]. */
export function redactFinding<F extends Pick<Finding, 'statement' | 'evidence'>>(finding: F, withheld: readonly string[]): F {
  return { ...finding, statement: redactSmallFigures(finding.statement, withheld), evidence: redactSmallFigures(finding.evidence, withheld) };
}

/** What an officer is warned about: each small figure a finding's words quote. */
export function smallFiguresQuoted(finding: Pick<Finding, 'statement' | 'evidence'>, withheld: readonly string[]): QuotedFigure[] {
  return [...quotedSmallFigures(finding.statement, withheld), ...quotedSmallFigures(finding.evidence, withheld)];
}

/** A recommendation as a viewer or a committee reads it: its words checked as a finding's are. */
export function redactRecommendation<R extends Recommendation>(recommendation: R, withheld: readonly string[]): R {
  const clean = (text: string) => redactSmallFigures(text, withheld);
  return {
    ...recommendation,
    text: clean(recommendation.text),
    responseReasons: clean(recommendation.responseReasons),
    financialImplications: clean(recommendation.financialImplications),
    // A progress update (issue 15) may carry a slip's reason, in words that may quote a small count,
    // and who recorded it, which is for officers only.
    updates: recommendation.updates.map(({ by: _by, ...update }: ProgressUpdate & { reason?: string; by?: string }) => ({
      ...update,
      text: clean(update.text),
      ...(typeof update.reason === 'string' ? { reason: clean(update.reason) } : {}),
    })),
  };
}
