import { imageChanges, imagesOf } from '../../../lib/plan/images';
import { countChanges, formatCounts } from '../../../lib/plan/summary';
import { planView } from '../../../lib/tfjson/plan';
import { planScenario, UPDATED_WEB_IMAGE } from '../../helpers/plans';
import { EXAMPLE_PINS } from '../../helpers/example';
import { TERRAFORM_TEST_TIMEOUT_MS } from '../../helpers/terraform';

jest.setTimeout(TERRAFORM_TEST_TIMEOUT_MS);

describe('images in plans', () => {
  test('reads docker, kubernetes and ECS images', () => {
    expect(imagesOf('docker_image', { name: 'ghcr.io/acme/web:v1' })).toEqual([{ name: 'image', image: 'ghcr.io/acme/web:v1' }]);
    expect(imagesOf('kubernetes_deployment_v1', { spec: [{ template: [{ spec: [{ container: [{ name: 'web', image: 'a:1' }], init_container: [{ name: 'm', image: 'b:2' }] }] }] }] })).toEqual([
      { name: 'web', image: 'a:1' },
      { name: 'm', image: 'b:2' },
    ]);
    expect(imagesOf('aws_ecs_task_definition', { container_definitions: JSON.stringify([{ name: 'web', image: 'c:3' }]) })).toEqual([{ name: 'web', image: 'c:3' }]);
    expect(imagesOf('aws_ecs_task_definition', { container_definitions: 'not json' })).toEqual([]);
  });

  test('labels a real pin change as roll forward, or roll back when the new image is in the history', async () => {
    const s = await planScenario('update-image');
    const plan = planView(s.plan);
    const forward = imageChanges(plan.changes, { web: ['ghcr.io/acme/web:v41-8d2e0f1'] });
    expect(forward).toEqual([expect.objectContaining({ container: 'web', before: EXAMPLE_PINS.web, after: UPDATED_WEB_IMAGE, direction: 'roll-forward' })]);
    const back = imageChanges(plan.changes, { web: [UPDATED_WEB_IMAGE] });
    expect(back[0]!.direction).toBe('roll-back');
    expect(imageChanges(plan.changes)[0]!.direction).toBe('change');
    expect(formatCounts(countChanges(plan))).toMatch(/^\+0 ~\d+ -0 ±1$/);
  });

  test('says unknown, not removed, when the new definition is computed during apply', async () => {
    const s = await planScenario('replace-db');
    const images = imageChanges(planView(s.plan).changes, { web: [], worker: [] });
    expect(images.length).toBeGreaterThan(0);
    expect(images.every((i) => i.direction === 'unknown' && i.after === undefined)).toBe(true);
  });
});
