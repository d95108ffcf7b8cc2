/**
 * Security contexts that pass the Pod Security Standard "restricted": non-root, no privilege escalation,
 * no capabilities, the runtime's default seccomp profile.
 */

export interface ContainerSecurityContext {
  readonly runAsNonRoot: boolean;
  readonly runAsUser: string;
  readonly runAsGroup: string;
  readonly allowPrivilegeEscalation: boolean;
  readonly readOnlyRootFilesystem: boolean;
  readonly capabilities: { drop: string[] };
  readonly seccompProfile: { type: string };
}

export interface PodSecurityContext {
  readonly runAsNonRoot: boolean;
  readonly runAsUser: string;
  readonly runAsGroup: string;
  readonly fsGroup?: string;
  readonly fsGroupChangePolicy?: string;
  readonly seccompProfile: { type: string };
}

/** For a container whose root filesystem is read-only: it writes only to mounted volumes (`/tmp` is an emptyDir). */
export function restrictedContainer(uid: number): ContainerSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: String(uid),
    runAsGroup: String(uid),
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Pod level; `fsGroup` makes volumes (data, TLS keys) readable and writable by the group of the server. */
export function restrictedPod(uid: number, fsGroup?: number): PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: String(uid),
    runAsGroup: String(uid),
    ...(fsGroup !== undefined ? { fsGroup: String(fsGroup), fsGroupChangePolicy: 'OnRootMismatch' } : {}),
    seccompProfile: { type: 'RuntimeDefault' },
  };
}
