import { defineRule, fail, pass, sev } from '../helpers';

/** SPEC-IMG-002: production images are pinned by digest or by a tag that matches the immutable pattern. */
export const specImg002 = defineRule(
  {
    id: 'SPEC-IMG-002',
    title: 'Production images are pinned by digest or an immutable tag',
    stage: 'spec',
    category: 'security',
    rationale:
      'A tag such as "stable" or "1.2" can be moved to another image after review; a digest, or a tag that by convention is never reused (v<run>-<sha>), makes the reviewed pin the deployed bytes.',
    remediation: 'Pin a digest (repo@sha256:...) or a tag matching policy.immutableTagPattern, e.g. `pinstack pin prod web ghcr.io/acme/web:v42-3f9c2ab`.',
    severity: sev('error', 'warning', 'off'),
    enforcement: 'soft',
    anchors: ['CKV_K8S_43', 'kyverno:require-image-checksum'],
  },
  (ctx) => {
    const pattern = new RegExp(ctx.config.policy.immutableTagPattern);
    return ctx.model.services.map((s) => {
      const location = { specPath: `services.${s.name}.image` };
      if (s.image.digest) return pass(`${s.name} is pinned by digest`, location);
      if (s.image.tag && pattern.test(s.image.tag)) return pass(`${s.name} tag ${s.image.tag} matches the immutable pattern`, location);
      return fail(`${s.name} image ${s.image.raw} in ${ctx.config.name} is neither a digest nor an immutable tag (pattern ${pattern.source})`, location);
    });
  },
);
