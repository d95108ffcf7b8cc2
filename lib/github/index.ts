export { DEFAULT_GITHUB_API_URL, githubApiUrlFromEnv, normalizeApiUrl, repoFromEnv } from './env';
export { GitHubError, type GitHubErrorKind } from './errors';
export {
  GITHUB_API_VERSION,
  GITHUB_COMMENT_BODY_LIMIT,
  PLAN_COMMENT_MARKER,
  commentLength,
  findMarkedComment,
  nextLink,
  upsertPrComment,
  validateMarker,
  withMarker,
  type FetchLike,
  type IssueComment,
  type UpsertPrCommentOptions,
  type UpsertPrCommentResult,
} from './pr-comment';
