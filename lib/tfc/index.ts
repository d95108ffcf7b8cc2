export { TfcClient, JSON_API_MEDIA_TYPE, tfcRetryDelayMs, type TfcClientOptions, type DiagnoseLockOptions } from './client';
export {
  buildLockDiagnosis,
  formatAge,
  runPhase,
  summarizeRun,
  RUN_PHASES,
  type LockDiagnosis,
  type LockDiagnosisInput,
  type LockHolderSummary,
  type LockVerdict,
  type RunPhase,
  type RunSummary,
} from './diagnose';
export { TfcError, type TfcErrorKind } from './errors';
export { DEFAULT_TFC_HOSTNAME, normalizeTfcHostname, tfcHostTokenVariable, tfcTokenFromEnv, tfcTokenVariables } from './token';
export type { FetchLike, TfcLockedBy, TfcRun, TfcRunActions, TfcWorkspace } from './types';
