/**
 * Arguments for GOV.UK's `govukPagination`: previous/next links and page numbers with the first,
 * the last and the current page's neighbours, gaps shown as ellipses. `href(n)` builds page n's URL.
 */
export interface Pagination {
  previous?: { href: string };
  next?: { href: string };
  items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[];
}

export function pagination(current: number, pages: number, href: (page: number) => string): Pagination {
  return {
    ...(current > 1 ? { previous: { href: href(current - 1) } } : {}),
    ...(current < pages ? { next: { href: href(current + 1) } } : {}),
    items: pageNumbers(current, pages).map((n) => (n === null ? { ellipsis: true as const } : { number: n, href: href(n), current: n === current })),
  };
}

export function pageNumbers(current: number, last: number): (number | null)[] {
  const wanted = [...new Set([1, current - 1, current, current + 1, last])].filter((n) => n >= 1 && n <= last).sort((a, b) => a - b);
  const out: (number | null)[] = [];
  for (const n of wanted) {
    if (out.length > 0 && n - (out[out.length - 1] as number) > 1) out.push(null);
    out.push(n);
  }
  return out;
}
