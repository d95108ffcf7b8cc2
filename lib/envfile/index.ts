/**
 * pinstack environment files (`secrets/<env>.enc.yaml`): image pins with history and encrypted
 * secrets, stored as SOPS YAML that the real `sops` decrypts and edits.
 */
export {
  HISTORY_LIMIT,
  SECRET_NAME_RE,
  SERVICE_NAME_RE,
  EnvironmentFileError,
  checkSecretName,
  emptyContents,
  normalizeContents,
  pin,
  rollback,
  setSecret,
  unsetSecret,
  type EnvironmentContents,
} from './contents';
export {
  ENV_FILE_RULE,
  convertTfvarsToYaml,
  convertedPath,
  createEnvironmentFile,
  environmentFileExists,
  environmentFileFormat,
  environmentFilePath,
  readEnvironmentFile,
  updateEnvironmentFile,
  type EnvironmentFile,
  type ReadOptions,
} from './envfile';
export { DEMO_KEY_PATH, DEMO_RECIPIENT, demoKeyFallback, demoRecipientWarning } from './demo-key';
