export { loadProject, type Project, type ProjectEnvironment, type ProjectOptions } from './load-project';
