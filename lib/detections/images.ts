// Container image references: where an image comes from, for "registry never seen before".

// On registries shared by everyone, the owner is the meaningful source: docker.io/library and
// docker.io/some-stranger are different trust decisions.
const MULTI_TENANT = new Set(['docker.io', 'ghcr.io', 'quay.io', 'gcr.io', 'public.ecr.aws', 'registry.gitlab.com']);

export function imageSource(image: string): string {
  const withoutDigest = image.split('@')[0] ?? image;
  const parts = withoutDigest.split('/');
  const first = parts[0] ?? '';
  const hasRegistry = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasRegistry ? first.toLowerCase() : 'docker.io';
  const path = hasRegistry ? parts.slice(1) : parts;
  if (registry === 'docker.io' && path.length === 1) return 'docker.io/library';
  if (MULTI_TENANT.has(registry) && path.length > 1) return `${registry}/${path[0]!.toLowerCase()}`;
  return registry;
}

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/** Every container image named in a pod, a workload template or a patch of one. */
export function imagesIn(object: unknown, found: Set<string> = new Set()): string[] {
  if (Array.isArray(object)) {
    for (const item of object) imagesIn(item, found);
  } else if (object && typeof object === 'object') {
    for (const [key, value] of Object.entries(object)) {
      if (CONTAINER_LISTS.has(key) && Array.isArray(value)) {
        for (const container of value) {
          const image = (container as { image?: unknown } | null)?.image;
          if (typeof image === 'string' && image.length > 0 && image.length < 512) found.add(image);
        }
      } else if (typeof value === 'object') {
        imagesIn(value, found);
      }
    }
  }
  return [...found];
}
