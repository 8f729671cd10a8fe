// The map's snapshot URL, built the same way by the page (which preloads it) and the browser
// (which fetches it): the preload is used only when both ask for exactly the same URL.

export const MAP_WINDOWS: Record<string, number> = { '15m': 15, '1h': 60, '6h': 360, '24h': 1_440, '7d': 10_080 };

/** The window named in the URL (`?window=`), or the default hour. */
export function windowKeyOf(value: string | null | undefined): string {
  return value && MAP_WINDOWS[value] ? value : '1h';
}

export interface MapView {
  clusterId: string;
  at: string | null;
  incidentId: number | null;
  windowKey: string;
  namespace: string;
  verdict: string;
}

/** The view's key: `/api/map?…` with the window by name (its start is fixed when it is fetched). */
export function mapViewUrl(view: MapView): string {
  const query = new URLSearchParams({ cluster: view.clusterId });
  if (view.at) {
    query.set('at', view.at);
    if (view.incidentId) query.set('incident', String(view.incidentId));
  } else {
    query.set('window', view.windowKey);
  }
  if (view.namespace) query.set('namespace', view.namespace);
  if (view.verdict) query.set('verdict', view.verdict);
  return `/api/map?${query.toString()}`;
}

/** What is fetched for a view: the window's start taken now. */
export function mapFetchUrl(viewUrl: string, now: number): string {
  const [path, search = ''] = viewUrl.split('?');
  const query = new URLSearchParams(search);
  const minutes = MAP_WINDOWS[query.get('window') ?? ''];
  query.delete('window');
  if (minutes) query.set('from', new Date(now - minutes * 60_000).toISOString());
  return `${path}?${query.toString()}`;
}
