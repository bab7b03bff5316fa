/**
 * Docker image references in their fully qualified form, as podman stores them: `debian:stable-slim` is
 * `docker.io/library/debian:stable-slim`. Hand-written because the rule is three lines of the reference grammar
 * (the first path component is a registry only if it has a `.` or `:` or is `localhost`); the npm parsers of
 * image references are unmaintained, and the engines themselves are the authority when they look an image up.
 */

/** The registry an unqualified name refers to, as Docker and podman's short-name defaults have it. */
export const DEFAULT_REGISTRY = 'docker.io';

/**
 * The fully qualified form of an image reference: registry, `library/` for official images, and `:latest` when
 * untagged.
 */
export function normaliseImageName(image: string): string {
  const name = image.trim();
  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  const hasRegistry = slash !== -1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let registry = hasRegistry ? first : DEFAULT_REGISTRY;
  let path = hasRegistry ? name.slice(slash + 1) : name;
  // Docker Hub's own aliases for itself.
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = DEFAULT_REGISTRY;
  if (registry === DEFAULT_REGISTRY && !path.includes('/')) path = `library/${path}`;
  // A tag is a `:` after the last `/`; a digest (`@sha256:...`) stands in for the tag.
  const lastPart = path.slice(path.lastIndexOf('/') + 1);
  if (!lastPart.includes(':') && !path.includes('@')) path = `${path}:latest`;
  return `${registry}/${path}`;
}
