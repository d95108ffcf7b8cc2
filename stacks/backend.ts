import { CloudBackend, LocalBackend, NamedCloudWorkspace, type TerraformStack } from 'cdktf';
import type { BackendModel } from '../model';

/** Local state by default (no credentials needed); Terraform Cloud with one workspace per stack when configured. */
export function configureBackend(stack: TerraformStack, backend: BackendModel): void {
  if (backend.kind === 'local') {
    new LocalBackend(stack, { path: backend.path });
    return;
  }
  new CloudBackend(stack, {
    hostname: backend.hostname,
    organization: backend.organization,
    workspaces: new NamedCloudWorkspace(backend.workspace),
  });
}
