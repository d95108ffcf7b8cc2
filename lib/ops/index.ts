/**
 * Operations around a deploy (no cdktf): pre-flight checks (secrets, Postgres, Redis), health polling
 * with a consecutive-failure streak, and the rollback decision from the pins at an earlier git revision.
 */
export { anyFailed, type CheckResult, type CheckStatus, errorMessage, failed, formatCheck, ok, skipped } from './checks';
export { fileAtRef } from './git';
export { checkHttp, type Fetch, healthUrl } from './http';
export { changedPins, type PinChange, pinsFromEnvironmentYaml, planRollbacks, type RollbackProblem, type RollbackStep } from './pins';
export { type Clock, nextStreak, pollHealth, type PollOptions, type PollResult, type RoundReport, systemClock } from './poll';
export { checkPostgres, type PostgresCheckOptions } from './postgres';
export { lineScrubber, REDACTED_PASSWORD, redactUrl, urlPassword } from './redact';
export { checkDatastore, type DatastorePlan, datastorePlans, type DatastoreTarget } from './datastores';
export { checkRedis } from './redis';
export { placeholderReason, requiredSecretNames, secretChecks } from './secrets';
