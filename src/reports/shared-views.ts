/**
 * View models that are shared between requests and never changed once built (the dashboard's,
 * kept while the council's data version stands). Marking one lets the web layer reuse the page
 * rendered from it (src/web/render.ts): the same view object, the same signed-in user and the
 * same other inputs give the same HTML, bar the per-request CSRF token and CSP nonce.
 */
const ids = new WeakMap<object, number>();
let next = 0;

/** Marks a view as shared and immutable from now on; returns it. */
export function shareView<T extends object>(view: T): T {
  if (!ids.has(view)) ids.set(view, (next += 1));
  return view;
}

/** The shared view's identity, or undefined for anything not marked. */
export function sharedViewId(value: unknown): number | undefined {
  return typeof value === 'object' && value !== null ? ids.get(value) : undefined;
}
