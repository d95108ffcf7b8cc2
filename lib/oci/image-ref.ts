/**
 * OCI / Docker image references, parsed with the grammar of distribution/reference
 * (github.com/distribution/reference, regexp.go):
 *
 *   reference  := name [ ":" tag ] [ "@" digest ]
 *   name       := [ domain "/" ] path
 *   domain     := host [ ":" port ]          (the first component is a domain only if it has "." or ":" or is "localhost")
 *   tag        := [\w][\w.-]{0,127}
 *   digest     := algorithm ":" encoded      (sha256 -> 64 lowercase hex)
 *
 * `registry:5000/app` therefore has no tag (5000 is a port), which most regex-based checks get wrong.
 * Hand-written because no well-kept npm package implements this grammar (the popular ones split on ":").
 */

export interface ImageRef {
  /** The input, trimmed. */
  readonly raw: string;
  /** Registry host (with port), as written; `docker.io` when omitted. */
  readonly domain: string;
  /** Repository path below the registry; `library/x` for a bare Docker Hub name. */
  readonly path: string;
  readonly tag?: string;
  readonly digest?: string;
}

const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_NAME = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*`;
const IPV6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const DOMAIN_RE = new RegExp(`^(?:${DOMAIN_NAME}|${IPV6})(?::[0-9]+)?$`);
const PATH_RE = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_RE = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const SHA256_RE = /^sha256:[a-f0-9]{64}$/;

export class ImageRefError extends Error {}

/** Parses a reference; throws `ImageRefError` with what was wrong. */
export function parseImageRef(input: string): ImageRef {
  const raw = input.trim();
  if (raw === '') throw new ImageRefError('is empty');
  if (raw.length > 255 + 128 + 72) throw new ImageRefError('is too long');

  let rest = raw;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST_RE.test(digest) || (digest.startsWith('sha256:') && !SHA256_RE.test(digest))) {
      throw new ImageRefError(`has an invalid digest "${digest}" (expected sha256:<64 hex>)`);
    }
  }

  // A tag is after the last ":" that comes after the last "/" (so a registry port is never a tag).
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const lastColon = rest.lastIndexOf(':');
  if (lastColon > lastSlash) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!TAG_RE.test(tag)) throw new ImageRefError(`has an invalid tag "${tag}"`);
  }

  let domain = 'docker.io';
  let path = rest;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase()) {
      domain = first;
      path = rest.slice(slash + 1);
      if (!DOMAIN_RE.test(domain)) throw new ImageRefError(`has an invalid registry "${domain}"`);
    }
  }
  if (!PATH_RE.test(path)) {
    throw new ImageRefError(`has an invalid repository "${path}" (lowercase letters, digits and . _ - separators)`);
  }
  if (domain === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  return { raw, domain, path, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** `registry/path` without tag or digest, normalised (docker.io/library/x). */
export function repositoryOf(ref: ImageRef): string {
  return `${ref.domain}/${ref.path}`;
}

/** True when the reference names a tag that floats by convention. */
export function isLatestTag(ref: ImageRef): boolean {
  return ref.tag !== undefined && ref.tag.toLowerCase() === 'latest';
}

export type PinProblem = 'untagged' | 'latest';

/**
 * Why a reference is not pinned: no tag and no digest, or `:latest` in any case with no digest.
 * A digest pins the image even when the tag beside it is `latest`.
 */
export function pinProblem(ref: ImageRef): PinProblem | undefined {
  if (ref.digest) return undefined;
  if (ref.tag === undefined) return 'untagged';
  if (isLatestTag(ref)) return 'latest';
  return undefined;
}

/** A one-line reason for error messages. */
export function describePinProblem(problem: PinProblem): string {
  return problem === 'latest'
    ? 'must not use the floating tag :latest; pin an immutable tag (e.g. :v42-3f9c2ab) or a digest'
    : 'has no tag or digest; pin an immutable tag (e.g. :v42-3f9c2ab) or a digest';
}
