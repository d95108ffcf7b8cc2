/**
 * pinstack SOPS library (age only, no cdktf): read and write files that the real `sops` 3.8+ reads,
 * decrypts and edits. See /work/shared/reference/sops-format.md for the format.
 */
export * from './errors';
export * from './tree';
export {
  ENC_PREFIX,
  IvStash,
  decryptValue,
  encryptValue,
  goFormatFloat,
  isEncValue,
  parseEncValue,
  scalarToBytes,
} from './cipher';
export {
  aadOf,
  computeMac,
  decryptTree,
  encryptTree,
  isPathEncrypted,
  normalizeRules,
  type CryptRules,
  type DecryptResult,
  type EncryptResult,
} from './walk';
export {
  SOPS_VERSION,
  formatLastModified,
  goRfc3339,
  isSemver,
  metadataFromNode,
  metadataToNode,
  scalarText,
  type AgeKey,
  type SopsMetadata,
} from './metadata';
export {
  assertRecipient,
  defaultKeyFilePath,
  discoverIdentities,
  generateAgeKey,
  normalizeRecipients,
  parseIdentityFile,
  recipientOf,
  tryUnwrap,
  unwrapFromMetadata,
  wrapDataKey,
  wrapForRecipients,
  type DiscoveryOptions,
  type IdentityFallback,
  type IdentitySet,
  type UnwrapOptions,
} from './age-keys';
export {
  SOPS_FORMATS,
  emitEncrypted,
  emitPlain,
  formatFromPath,
  parseEncrypted,
  parsePlain,
  type EncryptedDocument,
  type Layout,
  type SopsFormat,
} from './stores';
export { binaryContent, binaryTree } from './stores/binary';
export { parseTfvars } from './hcl';
export {
  DEFAULT_RULE,
  atomicWriteFile,
  createSopsFile,
  decryptText,
  editSopsFile,
  encryptText,
  isSopsError,
  openSopsFile,
  reencryptText,
  rotateDataKey,
  saveSopsFile,
  updateRecipients,
  type CryptRule,
  type EditSession,
  type EncryptOptions,
  type OpenOptions,
  type SopsFile,
} from './file';
