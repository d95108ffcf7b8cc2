import { loadProject } from './lib/project';
import { buildApp } from './stacks';

/** `cdktf synth` entry (see cdktf.json): load -> model -> stacks (with the policy gate) -> synth. */
async function main(): Promise<void> {
  const project = await loadProject();
  for (const warning of project.warnings) process.stderr.write(`pinstack: warning: ${warning}\n`);
  const { app } = buildApp(project.environments, { offline: project.offline });
  app.synth();
}

main().catch((err: Error & { exitCode?: number }) => {
  process.stderr.write(`pinstack: ${err.message}\n`);
  process.exit(err.exitCode ?? 1);
});
