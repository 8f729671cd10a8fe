import { describe, expect, it } from 'vitest';
import { applyStrategicMergePatch } from './strategic-merge.js';
import { applyMergePatch } from './merge-patch.js';

const deployment = () => ({
  metadata: { name: 'web', labels: { a: '1' }, finalizers: ['x'] },
  spec: {
    template: {
      spec: {
        containers: [
          { name: 'web', image: 'nginx:1.27', env: [{ name: 'A', value: '1' }], ports: [{ containerPort: 80, protocol: 'TCP' }] },
          { name: 'side', image: 'busybox' },
        ],
        volumes: [{ name: 'data', emptyDir: {} }],
        tolerations: [{ key: 't1', operator: 'Exists' }],
      },
    },
  },
});

describe('[SIM] strategic merge patch', () => {
  it('merges containers, env and ports by their merge keys', () => {
    const out = applyStrategicMergePatch('Deployment', deployment(), {
      spec: { template: { spec: { containers: [{ name: 'web', env: [{ name: 'B', value: '2' }, { name: 'A', value: '9' }], ports: [{ containerPort: 443 }] }] } } },
    }) as ReturnType<typeof deployment>;
    const web = out.spec.template.spec.containers[0] as { env: unknown[]; ports: unknown[]; image: string };
    expect(out.spec.template.spec.containers).toHaveLength(2);
    expect(web.image).toBe('nginx:1.27');
    expect(web.env).toEqual([{ name: 'A', value: '9' }, { name: 'B', value: '2' }]);
    expect(web.ports).toEqual([{ containerPort: 80, protocol: 'TCP' }, { containerPort: 443 }]);
  });

  it('honours $patch: delete and $patch: replace, and null deletes a key', () => {
    const deleted = applyStrategicMergePatch('Deployment', deployment(), { metadata: { labels: { a: null } }, spec: { template: { spec: { containers: [{ name: 'side', $patch: 'delete' }] } } } }) as ReturnType<typeof deployment>;
    expect(deleted.spec.template.spec.containers.map((c) => c.name)).toEqual(['web']);
    expect(deleted.metadata.labels).toEqual({});
    const replaced = applyStrategicMergePatch('Deployment', deployment(), { spec: { template: { spec: { volumes: [{ name: 'other', emptyDir: {} }, { $patch: 'replace' }] } } } }) as ReturnType<typeof deployment>;
    expect(replaced.spec.template.spec.volumes).toEqual([{ name: 'other', emptyDir: {} }]);
  });

  it('replaces lists without a merge key (tolerations, as upstream) and unions finalizers', () => {
    const out = applyStrategicMergePatch('Deployment', deployment(), { metadata: { finalizers: ['y'] }, spec: { template: { spec: { tolerations: [{ key: 't2', operator: 'Exists' }] } } } }) as ReturnType<typeof deployment>;
    expect(out.spec.template.spec.tolerations).toEqual([{ key: 't2', operator: 'Exists' }]);
    expect(out.metadata.finalizers).toEqual(['x', 'y']);
  });

  it('merges Service ports by port and supports $deleteFromPrimitiveList', () => {
    const svc = { spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443, targetPort: 8443 }] }, metadata: { finalizers: ['a', 'b'] } };
    const out = applyStrategicMergePatch('Service', svc, { spec: { ports: [{ port: 443, targetPort: 9443 }] }, metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }) as typeof svc;
    expect(out.spec.ports).toEqual([{ port: 80, targetPort: 8080 }, { port: 443, targetPort: 9443 }]);
    expect(out.metadata.finalizers).toEqual(['b']);
  });

  it('merge patch (RFC 7386) replaces lists wholesale', () => {
    expect(applyMergePatch({ a: [1, 2], b: { c: 1, d: 2 } }, { a: [3], b: { d: null } })).toEqual({ a: [3], b: { c: 1 } });
  });
});
