// The map's pure parts: layout, focus (blast radius, exposure path) and how edges are drawn.
import { describe, expect, it } from 'vitest';
import type { MapEdge, MapNode } from '@/lib/map/types';
import { aggregate, nodeClasses, nodeLabel } from './elements';
import { focusIncident } from './focus';
import { mapFetchUrl, mapViewUrl } from './graph-url';
import { CELL, layoutGraph, namespaceBox, placeNewNode } from './layout';

const state = (overrides: Partial<MapNode['state']> = {}): MapNode['state'] => ({
  incidents: { open: 0, maxSeverity: null, ids: [] },
  isolated: false,
  exposure: [],
  privileged: false,
  wideServiceAccount: null,
  unknownRegistries: [],
  new: false,
  ...overrides,
});
const workload = (ns: string, name: string, overrides: Partial<MapNode['state']> = {}): MapNode => ({
  id: `${ns}/Deployment/${name}`,
  kind: 'workload',
  parent: `ns:${ns}`,
  label: name,
  namespace: ns,
  workloadKind: 'Deployment',
  pods: { desired: 1, ready: 1 },
  state: state(overrides),
});
const namespace = (ns: string): MapNode => ({ id: `ns:${ns}`, kind: 'namespace', parent: null, label: ns, namespace: ns, workloadKind: null, pods: null, state: state() });
const external = (id: string): MapNode => ({ id, kind: 'external', parent: null, label: id, namespace: null, workloadKind: null, pods: null, state: state() });
const edge = (source: string, target: string, port = 80, verdict: MapEdge['verdict'] = 'forwarded', count = 1): MapEdge => ({
  id: `${source}|${target}|${port}|TCP|${verdict}`,
  source,
  target,
  port,
  protocol: 'TCP',
  verdict,
  count,
  firstSeenAt: '2026-11-23T10:00:00.000Z',
  lastSeenAt: '2026-11-23T10:05:00.000Z',
  new: false,
});

describe('[MAP] layout', () => {
  it('puts each namespace\'s workloads on a grid of their own, apart from the other namespaces', () => {
    const nodes = [namespace('a'), namespace('b'), ...['w1', 'w2', 'w3', 'w4'].map((w) => workload('a', w)), workload('b', 'x'), external('world'), external('ip:1.2.3.4')];
    const positions = layoutGraph(nodes);
    const a = ['w1', 'w2', 'w3', 'w4'].map((w) => positions.get(`a/Deployment/${w}`)!);
    const b = positions.get('b/Deployment/x')!;
    expect(new Set(a.map((p) => `${p.x},${p.y}`)).size).toBe(4);
    expect(Math.min(...a.map((p) => Math.abs(p.x - b.x)))).toBeGreaterThanOrEqual(CELL.width);
    // The internet heads the column of externals, left of every namespace.
    expect(positions.get('world')!.y).toBeLessThan(positions.get('ip:1.2.3.4')!.y);
    expect(positions.get('world')!.x).toBeLessThan(Math.min(...a.map((p) => p.x)));
    // Deterministic: the same input gives the same picture.
    expect(layoutGraph(nodes)).toEqual(positions);
  });

  it('places a newcomer next to its namespace without moving anyone', () => {
    const nodes = [namespace('a'), workload('a', 'w1'), workload('a', 'w2')];
    const positions = layoutGraph(nodes);
    const before = new Map(positions);
    const next = placeNewNode(workload('a', 'w3'), positions, [positions.get('a/Deployment/w1')!, positions.get('a/Deployment/w2')!]);
    expect([...positions.values()].some((p) => p.x === next.x && p.y === next.y)).toBe(false);
    expect(positions).toEqual(before);
  });
});

describe('[MAP] layout of a large cluster', () => {
  const nodes = Array.from({ length: 150 }, (_, n) => [namespace(`ns${n}`), ...Array.from({ length: 20 }, (_, w) => workload(`ns${n}`, `w${w}`))]).flat();
  const positions = layoutGraph([...nodes, ...Array.from({ length: 200 }, (_, i) => external(`ip:203.0.113.${i}`))]);
  const xs = [...positions.values()].map((p) => p.x);
  const ys = [...positions.values()].map((p) => p.y);

  it('is about as wide as a screen, so the whole cluster fits the view', () => {
    const ratio = (Math.max(...xs) - Math.min(...xs)) / (Math.max(...ys) - Math.min(...ys));
    expect(ratio).toBeGreaterThan(1.2);
    expect(ratio).toBeLessThan(2.5);
  });

  it('draws each namespace as a box around its workloads, apart from the other boxes', () => {
    const box = (ns: string) => namespaceBox(nodes.filter((n) => n.parent === `ns:${ns}`).map((n) => positions.get(n.id)!))!;
    const a = box('ns0');
    const b = box('ns1');
    for (const n of nodes.filter((m) => m.parent === 'ns:ns0')) {
      const p = positions.get(n.id)!;
      expect(Math.abs(p.x - a.x)).toBeLessThan(a.width / 2);
      expect(Math.abs(p.y - a.y)).toBeLessThan(a.height / 2);
    }
    const overlap = Math.abs(a.x - b.x) < (a.width + b.width) / 2 && Math.abs(a.y - b.y) < (a.height + b.height) / 2;
    expect(overlap).toBe(false);
    expect(namespaceBox([])).toBeNull();
  });
});

describe('[MAP] snapshot URL', () => {
  it('fixes the window\'s start when fetched, the same way for the page\'s preload and the browser', () => {
    const key = mapViewUrl({ clusterId: 'c1', at: null, incidentId: null, windowKey: '24h', namespace: 'shop', verdict: '' });
    expect(key).toBe('/api/map?cluster=c1&window=24h&namespace=shop');
    const now = Date.parse('2026-11-23T12:00:00.000Z');
    expect(mapFetchUrl(key, now)).toBe('/api/map?cluster=c1&namespace=shop&from=2026-11-22T12%3A00%3A00.000Z');
    const replay = mapViewUrl({ clusterId: 'c1', at: '2026-11-23T11:00:00.000Z', incidentId: 7, windowKey: '1h', namespace: '', verdict: 'dropped' });
    expect(mapFetchUrl(replay, now)).toBe(replay);
  });
});

describe('[MAP] focus on an incident', () => {
  // internet → frontend (exposed) → checkout → postgres; checkout → ip:203.0.113.9 (exfiltration)
  const frontend = workload('shop', 'frontend', { exposure: ['LoadBalancer Service shop/frontend'] });
  const checkout = workload('shop', 'checkout', { incidents: { open: 1, maxSeverity: 'critical', ids: [7] } });
  const postgres = workload('data', 'postgres');
  const lonely = workload('data', 'backup');
  const nodes = [namespace('shop'), namespace('data'), frontend, checkout, postgres, lonely, external('world'), external('ip:203.0.113.9')];
  const edges = [
    edge('world', frontend.id, 443),
    edge(frontend.id, checkout.id, 8080),
    edge(checkout.id, postgres.id, 5432),
    edge(checkout.id, 'ip:203.0.113.9', 4444),
    edge(lonely.id, postgres.id, 5432),
    edge(checkout.id, 'ip:198.51.100.1', 3333, 'dropped'),
  ];

  it('highlights the incident\'s workloads and what they talked to or were reached by', () => {
    const focus = focusIncident(7, nodes, edges);
    expect([...focus.nodes]).toEqual([checkout.id]);
    expect([...focus.blastNodes].sort()).toEqual([frontend.id, postgres.id, 'ip:203.0.113.9'].sort());
    expect(focus.blastEdges.size).toBe(3); // the dropped flow is not part of the blast radius
    expect(focus.blastNodes.has(lonely.id)).toBe(false);
  });

  it('traces the path from the internet to the compromised workload', () => {
    const focus = focusIncident(7, nodes, edges);
    expect([...focus.exposureNodes].sort()).toEqual(['world', frontend.id, checkout.id].sort());
    expect([...focus.exposureEdges].sort()).toEqual([edges[0]!.id, edges[1]!.id].sort());
  });

  it('finds no exposure path when nothing reaches the workload from outside', () => {
    const focus = focusIncident(7, nodes, edges.filter((e) => e.target !== checkout.id));
    expect(focus.exposureNodes.size).toBe(0);
  });
});

describe('[MAP] drawing', () => {
  it('draws one line per pair and verdict, carrying every port and the total volume', () => {
    const visual = aggregate([edge('a', 'b', 80, 'forwarded', 3), edge('a', 'b', 443, 'forwarded', 7)]);
    expect(visual).toMatchObject({ id: 'a>b>forwarded', count: 10, ports: ['tcp/443', 'tcp/80'] });
  });

  it('draws the traffic between two namespaces as one line when zoomed out', () => {
    const visual = aggregate([edge('a/Deployment/x', 'b/Deployment/y', 80, 'forwarded', 3), edge('a/Deployment/z', 'b/Deployment/y', 443, 'forwarded', 4)], { source: 'ns:a', target: 'ns:b' });
    expect(visual).toMatchObject({ id: 'ns:a>ns:b>forwarded', source: 'ns:a', target: 'ns:b', count: 7 });
  });

  it('marks state in classes and words', () => {
    const node = workload('shop', 'web', { isolated: true, exposure: ['Ingress shop.example.com'], incidents: { open: 2, maxSeverity: 'high', ids: [1, 2] }, unknownRegistries: ['registry.evil.example'] });
    expect(nodeClasses(node).split(' ').sort()).toEqual(['exposed', 'isolated', 'sev-high', 'unknown-registry', 'workload']);
    expect(nodeLabel(node)).toBe('web\n2 incidents · isolated · exposed · unknown registry');
  });
});
