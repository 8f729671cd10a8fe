'use client';

// One EventSource per tab: live events from the server invalidate the React Query cache by topic,
// so every open view refetches exactly what changed. Reconnects on its own (EventSource retries).
import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';

type LiveState = 'connecting' | 'live' | 'offline';
export interface LiveEventData {
  topic: string;
  ids?: (number | string)[];
}
type Listener = (event: LiveEventData) => void;

const LiveContext = createContext<{ state: LiveState; listeners: Set<Listener> }>({ state: 'connecting', listeners: new Set() });

export function useLiveState(): LiveState {
  return useContext(LiveContext).state;
}

/** Refreshes the server-rendered page when a live event concerns it (debounced). */
export function LiveRefresh({ topic, id }: { topic: string; id?: number | string }) {
  const { listeners } = useContext(LiveContext);
  const router = useRouter();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const listener: Listener = (event) => {
      if (event.topic !== topic && event.topic !== 'resync') return;
      if (id !== undefined && event.ids && !event.ids.map(String).includes(String(id))) return;
      timer ??= setTimeout(() => {
        timer = null;
        router.refresh();
      }, 300);
    };
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (timer) clearTimeout(timer);
    };
  }, [listeners, router, topic, id]);
  return null;
}

const TOPIC_KEYS: Record<string, string[][]> = {
  incidents: [['incidents'], ['map']],
  actions: [['incidents'], ['actions'], ['map']],
  evidence: [['incidents'], ['evidence']],
  flows: [['map']],
  inventory: [['map']],
};

/** Calls `listener` with every live event (the map applies its own deltas instead of refetching). */
export function useLiveListener(listener: (event: LiveEventData) => void): void {
  const { listeners } = useContext(LiveContext);
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => {
    const forward: Listener = (event) => latest.current(event);
    listeners.add(forward);
    return () => {
      listeners.delete(forward);
    };
  }, [listeners]);
}

export function LiveProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  const [listeners] = useState(() => new Set<Listener>());

  useEffect(() => {
    const source = new EventSource('/api/stream');
    let pending = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | null = null;
    // Bursts of events (an attack in full swing) become one refetch per topic per 250 ms.
    const flush = () => {
      timer = null;
      const topics = pending;
      pending = new Set();
      if (topics.has('resync')) {
        void queryClient.invalidateQueries();
        return;
      }
      for (const topic of topics) for (const key of TOPIC_KEYS[topic] ?? []) void queryClient.invalidateQueries({ queryKey: key });
    };
    const onEvent = (event: MessageEvent<string>) => {
      pending.add(event.type);
      timer ??= setTimeout(flush, 250);
      try {
        const data = JSON.parse(event.data) as LiveEventData;
        for (const listener of listeners) listener(data);
      } catch {
        // not ours to handle
      }
    };
    for (const topic of [...Object.keys(TOPIC_KEYS), 'resync']) source.addEventListener(topic, onEvent);
    source.onopen = () => setState('live');
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
    return () => {
      if (timer) clearTimeout(timer);
      source.close();
    };
  }, [queryClient, listeners]);

  return <LiveContext.Provider value={{ state, listeners }}>{children}</LiveContext.Provider>;
}

export function LiveIndicator() {
  const state = useLiveState();
  const label = state === 'live' ? 'live' : state === 'connecting' ? 'connecting…' : 'offline';
  const color = state === 'live' ? 'bg-emerald-400' : state === 'connecting' ? 'bg-amber-400' : 'bg-rose-500';
  return (
    <span className="flex items-center gap-1.5 text-xs text-muted" data-testid="live-state" data-state={state} title="Live updates">
      <span className={`inline-block h-2 w-2 rounded-full ${color}`} aria-hidden />
      {label}
    </span>
  );
}
