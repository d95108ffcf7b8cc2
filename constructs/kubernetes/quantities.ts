/** Kubernetes resource quantities. */

/** vCPUs as millicores: 0.5 -> "500m". */
export function millicores(cpu: number): string {
  return `${Math.round(cpu * 1000)}m`;
}

export function mebibytes(mib: number): string {
  return `${mib}Mi`;
}

export function gibibytes(gib: number): string {
  return `${gib}Gi`;
}
