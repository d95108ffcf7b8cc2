import { plan004 } from '../../../../policies/rules/plan';
import { EXAMPLE_PINS } from '../../../helpers/example';
import { UNPINNED_WORKER_IMAGE, UPDATED_WEB_IMAGE } from '../../../helpers/plans';
import { failures, passes, run } from '../../harness';
import { SCENARIO_TIMEOUT_MS, scenarioContext, scenarios, withTier } from './plan-test-utils';

const s = scenarios(['update-image', 'unpinned-image', 'create', 'unknown-security'] as const);
beforeAll(s.load, SCENARIO_TIMEOUT_MS);

const WEB_TASK = 'aws_ecs_task_definition.ServiceWeb_TaskDefinition_66406DF3';
const WORKER_TASK = 'aws_ecs_task_definition.ServiceWorker_TaskDefinition_79C2BBC2';

describe('PLAN-004 images in the planned values are pinned', () => {
  test('passes the pinned images inside the ECS container definitions of an image update', async () => {
    const findings = run(plan004, await scenarioContext(s.get('update-image')));
    expect(failures(findings)).toEqual([]);
    expect(passes(findings).map((f) => f.message).sort()).toEqual([
      `prod: ${WEB_TASK} container_definitions["web"].image is ${UPDATED_WEB_IMAGE}, pinned by tag v43-9d2e4b1`,
      `prod: ${WORKER_TASK} container_definitions["worker"].image is ${EXAMPLE_PINS.worker}, pinned by tag v42-3f9c2ab`,
    ]);
  });

  test('fails when an escape hatch puts :latest into a task definition', async () => {
    const failed = failures(run(plan004, await scenarioContext(s.get('unpinned-image'))));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ blocking: true, severity: 'error', location: { address: WORKER_TASK, constructPath: 'prod/ServiceWorker/TaskDefinition' } });
    expect(failed[0]!.message).toBe(`prod: ${WORKER_TASK} container_definitions["worker"].image is ${UNPINNED_WORKER_IMAGE}, which must not use the floating tag :latest; pin an immutable tag (e.g. :v42-3f9c2ab) or a digest`);
  });

  test('reports unknown (never pass) when the configuration builds the image from a value known only after apply, blocking in prod (real plan: ECR repository URL)', async () => {
    const findings = run(plan004, await scenarioContext(s.get('unknown-security')));
    const unknowns = findings.filter((f) => f.outcome === 'unknown');
    expect(unknowns).toHaveLength(1);
    expect(unknowns[0]).toMatchObject({ blocking: true, severity: 'error', location: { address: WEB_TASK, constructPath: 'prod/ServiceWeb/TaskDefinition' } });
    expect(unknowns[0]!.message).toBe(`prod: ${WEB_TASK} container_definitions["web"].image: the image cannot be verified at plan, the configuration builds it from values known only after apply`);
    expect(passes(findings).map((f) => f.location.address)).toEqual([WORKER_TASK]);
  });

  test('reads a literal image from the configuration when container_definitions is unknown as a whole (real create plan)', async () => {
    const findings = run(plan004, await scenarioContext(s.get('create')));
    expect(findings.filter((f) => f.outcome !== 'pass')).toEqual([]);
    expect(passes(findings).map((f) => f.message)).toContain(
      `prod: ${WEB_TASK} container_definitions["web"].image is ${EXAMPLE_PINS.web} (a literal in the configuration; the rest of container_definitions is known only after apply), pinned by tag v42-3f9c2ab`,
    );
  });

  test('reports unknown when container_definitions is unknown and the configuration cannot be read (constructed from the real create plan: configuration removed)', async () => {
    const scenario = s.get('create');
    const plan = structuredClone(scenario.plan);
    delete plan.configuration;
    const findings = run(plan004, await scenarioContext({ ...scenario, plan }));
    expect(findings.map((f) => f.outcome)).toEqual(['unknown', 'unknown']);
    expect(findings[0]!.message).toMatch(/container_definitions: the image cannot be verified at plan, container_definitions is known only after apply and its configuration is not a readable JSON template/);
  });

  test('an unknown image warns without blocking in staging', async () => {
    const findings = run(plan004, await scenarioContext(s.get('unknown-security'), withTier(s.get('unknown-security'), 'staging')));
    const unknowns = findings.filter((f) => f.outcome === 'unknown');
    expect(unknowns).toHaveLength(1);
    expect(unknowns.every((f) => f.severity === 'warning' && !f.blocking)).toBe(true);
  });

  test('checks docker_image names and kubernetes container images (constructed from the real update-image plan: no docker or kubernetes provider offline)', async () => {
    const scenario = s.get('update-image');
    const plan = structuredClone(scenario.plan);
    const base = { mode: 'managed', provider_name: 'registry.terraform.io/x/y', change: { actions: ['create'], before: null, before_sensitive: false } };
    plan.resource_changes.push(
      { ...base, address: 'docker_image.Web_Image_1', type: 'docker_image', name: 'Web_Image_1', change: { ...base.change, after: { name: 'ghcr.io/acme/web' }, after_unknown: { image_id: true }, after_sensitive: {} } },
      {
        ...base,
        address: 'kubernetes_deployment_v1.Web_1',
        type: 'kubernetes_deployment_v1',
        name: 'Web_1',
        change: {
          ...base.change,
          after: { spec: [{ template: [{ spec: [{ init_container: [{ name: 'migrate', image: 'ghcr.io/acme/web@sha256:' + 'a'.repeat(64) }], container: [{ name: 'web', image: null }] }] }] }] },
          after_unknown: { spec: [{ template: [{ spec: [{ init_container: [{}], container: [{ image: true }] }] }] }] },
          after_sensitive: {},
        },
      },
    );
    const findings = run(plan004, await scenarioContext({ ...scenario, plan }));
    expect(failures(findings).map((f) => f.message)).toEqual(['prod: docker_image.Web_Image_1 name is ghcr.io/acme/web, which has no tag or digest; pin an immutable tag (e.g. :v42-3f9c2ab) or a digest']);
    expect(findings.find((f) => f.message.includes('init_container'))!.outcome).toBe('pass');
    expect(findings.find((f) => f.message.includes('(container web)'))!.outcome).toBe('unknown');
  });
});
