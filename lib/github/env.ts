import { GitHubError } from './errors';

export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';

/** `GITHUB_REPOSITORY` (`owner/repo`, set by GitHub Actions) as its two parts. */
export function repoFromEnv(env: Readonly<Record<string, string | undefined>>): { owner: string; repo: string } {
  const raw = env.GITHUB_REPOSITORY?.trim();
  if (!raw) {
    throw new GitHubError('bad-input', 'GITHUB_REPOSITORY is not set: expected "owner/repo" (GitHub Actions sets it)', { exitCode: 2 });
  }
  const match = /^([A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?)\/([A-Za-z0-9._-]+)$/.exec(raw);
  if (!match || match[2] === '.' || match[2] === '..') {
    throw new GitHubError('bad-input', `GITHUB_REPOSITORY="${raw}" is not of the form "owner/repo"`, { exitCode: 2 });
  }
  return { owner: match[1] as string, repo: match[2] as string };
}

/** `GITHUB_API_URL` (set by GitHub Actions, e.g. `https://ghes.example.com/api/v3` on GHES), else api.github.com. */
export function githubApiUrlFromEnv(env: Readonly<Record<string, string | undefined>>): string {
  return normalizeApiUrl(env.GITHUB_API_URL);
}

export function normalizeApiUrl(apiUrl: string | undefined): string {
  const raw = (apiUrl ?? '').trim();
  if (raw === '') return DEFAULT_GITHUB_API_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new GitHubError('bad-input', `invalid GitHub API URL "${raw}"`, { exitCode: 2 });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new GitHubError('bad-input', `invalid GitHub API URL "${raw}": expected an http(s) URL`, { exitCode: 2 });
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
