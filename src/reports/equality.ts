import type { Db } from '../db/database.ts';
import { councilWorkers } from './metrics.ts';
import { EQUALITY_DIMENSIONS, equalitySuppression, equalityTable, type EqualityDimension } from '../domain/equality.ts';
import { SUPPRESSED_CELL, type Cell } from './dashboard.ts';
import { countCell, shareCell } from './leavers.ts';

/**
 * Equality monitoring tables for a census year. For viewers and committee documents every count
 * of 1 to 4 is withheld with secondary suppression (see `suppressColumn`), and every share or rate
 * built from a withheld count with it; analysts see every figure.
 */

export interface EqualityView {
  censusYear: number;
  tables: Array<{
    dimension: EqualityDimension;
    title: string;
    rows: Array<{ group: string; inpost: Cell; starters: Cell; leavers: Cell; inpostShare: Cell; startersShare: Cell; leaversShare: Cell; turnoverRate: Cell; turnoverGap: Cell }>;
    total: { inpost: Cell; starters: Cell; leavers: Cell; turnoverRate: Cell };
  }>;
}

const TITLES: Record<EqualityDimension, string> = { gender: 'By gender', ethnicity: 'By ethnicity (CBDS groups)', age: 'By age band (on 30 September)' };

const points = (value: number | null): Cell =>
  value === null ? { value: null, text: 'not available', status: 'not_available' } : { value, text: `${value > 0 ? '+' : ''}${value.toFixed(1)} pts`, status: 'shown' };

export async function equalityView(db: Db, authorityCode: string, censusYear: number, personalDataAllowed: boolean): Promise<EqualityView> {
  const workers = await councilWorkers(db, authorityCode);
  const suppress = !personalDataAllowed;
  return {
    censusYear,
    tables: EQUALITY_DIMENSIONS.map((dimension) => {
      const table = equalityTable(workers, censusYear, dimension);
      const hidden = suppress ? equalitySuppression(table) : table.rows.map(() => ({ inpost: false, starters: false, leavers: false }));
      const total = table.total;
      return {
        dimension,
        title: TITLES[dimension],
        rows: table.rows.map((row, i) => {
          const h = hidden[i]!;
          const count = (n: number, withheld: boolean) => (withheld ? SUPPRESSED_CELL : countCell(n, false));
          const share = (v: number | null, withheld: boolean) => (withheld ? SUPPRESSED_CELL : shareCell(v, 0, 0, false));
          return {
            group: row.group,
            inpost: count(row.inpost, h.inpost),
            starters: count(row.starters, h.starters),
            leavers: count(row.leavers, h.leavers),
            inpostShare: share(row.inpostShare, h.inpost),
            startersShare: share(row.startersShare, h.starters),
            leaversShare: share(row.leaversShare, h.leavers),
            turnoverRate: share(row.turnoverRate, h.leavers || h.inpost),
            turnoverGap: h.leavers || h.inpost ? SUPPRESSED_CELL : points(row.turnoverGap),
          };
        }),
        total: {
          inpost: countCell(total.inpost, suppress),
          starters: countCell(total.starters, suppress),
          leavers: countCell(total.leavers, suppress),
          turnoverRate: shareCell(total.turnoverRate, total.leavers, total.inpost, suppress),
        },
      };
    }),
  };
}
