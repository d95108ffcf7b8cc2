/**
 * The pinstack PR comment: `renderPlanComment` (markdown within a character budget, secret-safe) and the
 * markdown checks its tests and callers use. Pure JSON in, text out: no cdktf, no I/O.
 */
export {
  DEFAULT_COMMENT_BUDGET,
  DETAIL_LEVELS,
  DIGESTS_PREFIX,
  parseCommentDigests,
  renderPlanComment,
  renderPlanCommentDetailed,
  type CommentStack,
  type DetailLevel,
  type RenderOptions,
  type RenderedComment,
} from './render';
export { attributeDiff, formatSegments, maskUrlCredentials, type AttributeDiff, type DiffRow, type DiffOptions } from './diff';
export { isValidMarkdown, markdownProblems } from './markdown';
