export { loadProject, loadSpec, type Project, type ProjectEnvironment, type ProjectOptions } from './load-project';
export { knownSecrets, rememberSecrets } from './known-secrets';
