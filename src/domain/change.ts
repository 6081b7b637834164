/**
 * Change since last year, and whether it is good news. A figure's change is judged at the precision
 * it is shown (rates and FTE at one decimal place, headcounts whole), so the page never says
 * "up 0.0" or calls a change nobody can see in the figures better or worse.
 */

/** Whether a rise is good news. Starters are neither: more starters may only be replacing more leavers. */
export type Polarity = 'higher_better' | 'lower_better' | 'neutral';

/** How a figure is shown, which sets what counts as a change: a percentage, a whole count, or one decimal place (FTE, caseloads). */
export type Precision = 'rate' | 'count' | 'decimal';

/** The part of a shown figure the rule reads: its unrounded value (null when withheld or not available) and why. */
export interface ComparedFigure {
  value: number | null;
  status: 'shown' | 'suppressed' | 'not_available';
}

export interface Change<F extends ComparedFigure = ComparedFigure> {
  previousYear: number;
  previous: F;
  /** At the precision shown; null when either year is not shown. */
  direction: 'up' | 'down' | 'same' | null;
  /** Null when unchanged or not comparable; `no_judgement` for figures where a rise is neither good nor bad. */
  judgement: 'better' | 'worse' | 'no_judgement' | null;
  /** `Up 2.3 percentage points since 2023 (worse)`, `No change since 2023`, `Not comparable with 2023`. */
  text: string;
}

/** A value as shown: whole for counts, else one decimal place. */
export function atShownPrecision(precision: Precision, value: number): number {
  return precision === 'count' ? Math.round(value) : Math.round(value * 10) / 10;
}

/** Better or worse for a rise or fall: `judgementOf('up', 'lower_better')` is 'worse'. */
export function judgementOf(direction: 'up' | 'down', polarity: Polarity): 'better' | 'worse' | 'no_judgement' {
  if (polarity === 'neutral') return 'no_judgement';
  return (direction === 'up') === (polarity === 'higher_better') ? 'better' : 'worse';
}

/**
 * The change from last year's figure to this year's, in words. Worked examples:
 * - turnover (a rate, lower is better) 12.04% from 10.0%: "Up 2.0 percentage points since 2023 (worse)";
 * - caseload (one decimal) 10.04 from 10.01: both show as 10.0, so "No change since 2023";
 * - a headcount of leavers 9 from 12: "Down 3 since 2023 (better)";
 * - either year withheld for small numbers: "Not comparable with 2023 (figures withheld)".
 */
export function changeSince<F extends ComparedFigure>(precision: Precision, polarity: Polarity, current: ComparedFigure, previous: F, previousYear: number): Change<F> {
  if (current.value === null || previous.value === null) {
    const why = current.status === 'suppressed' || previous.status === 'suppressed' ? ' (figures withheld)' : '';
    return { previousYear, previous, direction: null, judgement: null, text: `Not comparable with ${previousYear}${why}` };
  }
  const difference = atShownPrecision(precision, current.value) - atShownPrecision(precision, previous.value);
  const size = Math.abs(Math.round(difference * 10) / 10);
  if (size === 0) return { previousYear, previous, direction: 'same', judgement: null, text: `No change since ${previousYear}` };
  const direction = difference > 0 ? 'up' : 'down';
  const judgement = judgementOf(direction, polarity);
  const amount = precision === 'rate' ? `${size.toFixed(1)} percentage points` : precision === 'count' ? String(size) : size.toFixed(1);
  const verdict = judgement === 'no_judgement' ? '' : ` (${judgement})`;
  return { previousYear, previous, direction, judgement, text: `${direction === 'up' ? 'Up' : 'Down'} ${amount} since ${previousYear}${verdict}` };
}
