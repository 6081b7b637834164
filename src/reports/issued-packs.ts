import type { Db } from '../db/database.ts';
import { getPack, type StoredPack } from '../db/reviews.ts';
import { memoUntilWrite } from '../db/write-epoch.ts';
import type { PackContent, PackSource } from './review-pack.ts';
import { shareView } from './shared-views.ts';

export type IssuedPack = StoredPack<PackContent, PackSource[]>;

/**
 * An issued evidence pack as the review pages show it. What a pack holds is frozen when it is
 * issued, so the same pack is the same object for every request: shared, so the page rendered from
 * it is reused (src/web/render.ts), and on PGlite its row is not read again until something is
 * written (src/db/write-epoch.ts). Anything else about the pack (its title, its meeting, or marks
 * added later) is compared on every read, and a change gives a new object.
 */
const KEPT_PACKS = 64;
const keptPacks = new WeakMap<Db, Map<string, IssuedPack>>();

export async function issuedPack(db: Db, authorityCode: string, reviewId: number, packId: number): Promise<IssuedPack | null> {
  const row = await memoUntilWrite(db, `issued-pack\u0000${authorityCode}\u0000${reviewId}\u0000${packId}`, () => getPack<PackContent, PackSource[]>(db, authorityCode, reviewId, packId));
  if (!row) return null;
  const { content: _content, sources: _sources, ...header } = row;
  const key = `${authorityCode}\u0000${reviewId}\u0000${JSON.stringify(header)}`;
  let kept = keptPacks.get(db);
  if (!kept) keptPacks.set(db, (kept = new Map()));
  const known = kept.get(key);
  if (known) return known;
  shareView(row.content.dashboard);
  kept.set(key, shareView(row));
  if (kept.size > KEPT_PACKS) kept.delete(kept.keys().next().value!);
  return row;
}
