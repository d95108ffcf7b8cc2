import { resourceList, synthStaging } from './synth';

describe('namespace', () => {
  test('the target namespace with the model labels and the restricted Pod Security Standard', async () => {
    const { json, model } = await synthStaging();
    const namespaces = resourceList(json, 'kubernetes_namespace_v1');
    expect(namespaces).toHaveLength(1);
    expect(namespaces[0].metadata).toEqual({
      name: 'acme-staging',
      labels: { ...model.labels, 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted' },
    });
  });

  test('every namespaced resource references the namespace (so it is created first)', async () => {
    const { json } = await synthStaging();
    for (const [type, byId] of Object.entries(json.resource as Record<string, Record<string, any>>)) {
      if (type === 'kubernetes_namespace_v1') continue;
      for (const r of Object.values(byId)) expect(r.metadata.namespace).toBe('${kubernetes_namespace_v1.Namespace_9B63B8C8.metadata[0].name}');
    }
  });
});
