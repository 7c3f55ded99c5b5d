import { useEffect, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

// The app has a handful of pages: a history-API router of a few lines serves them. Each history
// entry carries a key, under which its scroll position is kept: the browser's own restoration
// runs before a page's list has come back from the server, so the pages restore it themselves.
const listeners = new Set<() => void>();
const SCROLL_PREFIX = 'youku.scroll.';

interface EntryState {
  key: string;
}

function newKey(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

function entryKey(): string {
  return (history.state as Partial<EntryState> | null)?.key ?? '';
}

/** Where the entry that Back or Forward came to was scrolled to; taken once by the page shown. */
let pendingScroll: number | null = null;

history.scrollRestoration = 'manual';
if (!entryKey()) history.replaceState({ key: newKey() } satisfies EntryState, '');

window.addEventListener('popstate', () => {
  // Read now: the page that was left may still scroll (its height shrinking) under the new key.
  const saved = sessionStorage.getItem(SCROLL_PREFIX + entryKey());
  pendingScroll = saved === null ? null : Number(saved);
  listeners.forEach((listener) => listener());
});
window.addEventListener('scroll', () => sessionStorage.setItem(SCROLL_PREFIX + entryKey(), String(window.scrollY)), {
  passive: true,
});

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/**
 * Goes to `to` (a path with its query) as a new history entry, at the top of the page; `replace`
 * rewrites the current entry instead and keeps the scroll (a search being typed).
 */
export function navigate(to: string, { replace = false }: { replace?: boolean } = {}): void {
  pendingScroll = null;
  if (replace) history.replaceState(history.state, '', to);
  else {
    history.pushState({ key: newKey() } satisfies EntryState, '', to);
    window.scrollTo(0, 0);
  }
  listeners.forEach((listener) => listener());
}

export function usePath(): string {
  return useSyncExternalStore(subscribe, () => location.pathname);
}

/** The query of the address (`?type=free…`), or ''. */
export function useSearch(): string {
  return useSyncExternalStore(subscribe, () => location.search);
}

/** Changes with each history entry (a push, Back, Forward), not with a replace. */
export function useEntryKey(): string {
  return useSyncExternalStore(subscribe, entryKey);
}

/** Once `ready` (the page's content is there), scrolls to where Back or Forward left this entry. */
export function useRestoredScroll(ready: boolean): void {
  const key = useEntryKey();
  useEffect(() => {
    if (!ready || pendingScroll === null) return;
    window.scrollTo(0, pendingScroll);
    pendingScroll = null;
  }, [ready, key]);
}

export function Link({ to, ...props }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a {...props} href={to} onClick={onClick} aria-current={usePath() === to ? 'page' : undefined} />;
}
