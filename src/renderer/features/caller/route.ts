/** Where the public caller page is, and what its address says. */

/** Whether this page load is the public caller page: `/call` served by our server (web mode). */
export function isCallerPageLocation(loc: { readonly pathname: string; readonly protocol: string }): boolean {
  return (loc.protocol === 'http:' || loc.protocol === 'https:') && /^\/call\/?$/.test(loc.pathname);
}

/** The queue named in the page's address (`?queue=`), when it looks like an id. */
export function queueFromLocation(search: string): string | null {
  const queue = new URLSearchParams(search).get('queue')?.trim() ?? '';
  return /^[A-Za-z0-9_-]{1,64}$/.test(queue) ? queue : null;
}
