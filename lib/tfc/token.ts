import { TfcError } from './errors';

export const DEFAULT_TFC_HOSTNAME = 'app.terraform.io';

/**
 * Normalises a hostname given by the user: lower case, no scheme, no trailing slash.
 * Throws a usage error (exit 2) for anything that is not a bare host (optionally with a port).
 */
export function normalizeTfcHostname(hostname: string | undefined): string {
  const raw = (hostname ?? '').trim();
  if (raw === '') return DEFAULT_TFC_HOSTNAME;
  const host = raw.replace(/^https?:\/\//i, '').replace(/\/+$/, '').toLowerCase();
  if (!/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$/.test(host)) {
    throw new TfcError('bad-input', `invalid Terraform Cloud hostname "${raw}": expected a host name such as app.terraform.io or tfe.example.com`, {
      exitCode: 2,
    });
  }
  return host;
}

/**
 * The `TF_TOKEN_<host>` variable Terraform itself reads for a host: dots become underscores and
 * hyphens double underscores (Terraform CLI's encoding for host names in variable names).
 */
export function tfcHostTokenVariable(hostname: string = DEFAULT_TFC_HOSTNAME): string {
  const host = normalizeTfcHostname(hostname).replace(/:\d+$/, '');
  return `TF_TOKEN_${host.replace(/-/g, '__').replace(/\./g, '_')}`;
}

/** The variables `tfcTokenFromEnv` tries, in order. */
export function tfcTokenVariables(hostname: string = DEFAULT_TFC_HOSTNAME): string[] {
  return ['TF_API_TOKEN', tfcHostTokenVariable(hostname)];
}

/**
 * Reads the API token: `TF_API_TOKEN`, else `TF_TOKEN_<hostname with dots as underscores>`
 * (e.g. `TF_TOKEN_app_terraform_io`). Empty values count as unset.
 * Throws a `TfcError` (kind `missing-token`, exit 2) naming every variable tried.
 */
export function tfcTokenFromEnv(env: Readonly<Record<string, string | undefined>>, hostname: string = DEFAULT_TFC_HOSTNAME): string {
  const tried = tfcTokenVariables(hostname);
  for (const name of tried) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  throw new TfcError(
    'missing-token',
    `no Terraform Cloud API token for ${normalizeTfcHostname(hostname)}: tried ${tried.join(', ')}; ` +
      `set one of them to a user or team API token (a team token is the usual choice in CI)`,
    { exitCode: 2 },
  );
}
