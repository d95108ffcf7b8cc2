import { parseImageRef, repositoryOf, type ImageRef } from '../../../lib/oci/image-ref';
import type { Check } from '../../types';
import { defineRule, fail, pass, sev } from '../helpers';
import { managedStores } from './common';

/** `ghcr.io/acme`, `GHCR.io/acme/`, `ghcr.io/acme/*` -> `ghcr.io/acme` (the registry host is case-insensitive). */
export function normaliseRegistry(entry: string): string {
  const trimmed = entry.trim().replace(/\/\*$/, '').replace(/\/+$/, '');
  const slash = trimmed.indexOf('/');
  return slash < 0 ? trimmed.toLowerCase() : `${trimmed.slice(0, slash).toLowerCase()}${trimmed.slice(slash)}`;
}

/** The allow-list entry an image falls under: `ghcr.io/acme` matches `ghcr.io/acme/web` but not `ghcr.io/acme-evil/web`. */
export function allowedBy(ref: ImageRef, registries: readonly string[]): string | undefined {
  const repo = normaliseRegistry(repositoryOf(ref));
  return registries.find((entry) => {
    const e = normaliseRegistry(entry);
    return e !== '' && (repo === e || repo.startsWith(`${e}/`));
  });
}

/** SPEC-IMG-003: every image comes from a registry (or registry path) in policy.allowedRegistries. */
export const specImg003 = defineRule(
  {
    id: 'SPEC-IMG-003',
    title: 'Images come from an allowed registry',
    stage: 'spec',
    category: 'security',
    rationale:
      'An allow-list of registries (your GHCR org, your ECR) keeps images you did not build, scan and sign out of the environment, including a typo-squatted repository on a public registry.',
    remediation:
      'Publish the image to an allowed registry, or add its registry path to policy.allowedRegistries (e.g. "ghcr.io/acme"; "docker.io/library" for the official Postgres and Redis images).',
    severity: sev('error', 'warning', 'info'),
    enforcement: 'soft',
    anchors: ['AVD-KSV-0125', 'KSV-0034', 'kyverno:restrict-image-registries'],
  },
  (ctx) => {
    const registries = ctx.config.policy.allowedRegistries;
    if (registries.length === 0) return [];
    const env = ctx.config.name;
    const allowed = registries.join(', ');
    const judge = (what: string, ref: ImageRef, specPath: string): Check => {
      const entry = allowedBy(ref, registries);
      const repo = repositoryOf(ref);
      return entry
        ? pass(`${what} in ${env} comes from ${repo}, allowed by ${entry}`, { specPath })
        : fail(`${what} in ${env} comes from ${repo}, which is not under an allowed registry (${allowed})`, { specPath });
    };
    const checks = ctx.model.services.map((s) => judge(`service ${s.name} image`, s.image, `services.${s.name}.image`));
    // Datastore images only run on the container targets; on aws RDS and ElastiCache run their own engines.
    if (ctx.config.target.kind !== 'aws') {
      for (const store of managedStores(ctx)) checks.push(judge(`${store.kind} image`, parseImageRef(store.model.image), `${store.kind}.image`));
    }
    return checks;
  },
);
