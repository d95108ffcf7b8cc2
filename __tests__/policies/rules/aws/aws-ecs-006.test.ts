import { awsEcs006 } from '../../../../policies/rules/aws';
import { failures, passes, run, synthContext } from '../../harness';
import { editContainers, locationOf, only, override, PROD, prodSpec } from './aws-test-utils';

const task = PROD.webTask.constructPath;

describe('AWS-ECS-006 ECS task cpu/memory is a valid Fargate size and the containers fit', () => {
  test('passes on the example prod: 1 vCPU / 2 GiB and 0.25 vCPU / 512 MiB', async () => {
    const findings = run(awsEcs006, await synthContext('prod'));
    expect(failures(findings)).toEqual([]);
    expect(passes(findings)).toHaveLength(2);
    expect(only(findings, PROD.webTask, 'pass').message).toBe(
      `service web in prod: ${PROD.webTask.address} is a valid Fargate size (cpu 1024, memory 2048 MiB) and its 1 container fit in it (2048 MiB reserved)`,
    );
  });

  test('fails when the task cpu/memory is not a Fargate combination', async () => {
    const f = only(run(awsEcs006, await synthContext('prod', { mutate: override([task, 'memory', '9216']) })), PROD.webTask);
    expect(f).toMatchObject({ ruleId: 'AWS-ECS-006', severity: 'error', blocking: true, enforcement: 'hard', location: expect.objectContaining(locationOf(PROD.webTask)) });
    expect(f.message).toBe(
      `service web in prod: ${PROD.webTask.address} asks for cpu 1024 with memory 9216 MiB, which Fargate does not offer (cpu 1024 takes 2048-8192 MiB in steps of 1024)`,
    );
  });

  test('fails when the task cpu is not a Fargate CPU size, in vCPU notation', async () => {
    const f = only(run(awsEcs006, await synthContext('prod', { mutate: override([task, 'cpu', '3 vCPU']) })), PROD.webTask);
    expect(f.message).toContain('asks for cpu 3072, which is not a Fargate CPU size (256, 512, 1024, 2048, 4096, 8192, 16384)');
  });

  test('fails when a container needs more memory than its task has, also in development', async () => {
    const mutate = editContainers(task, ([web]) => {
      web!.memory = 4096;
      web!.memoryReservation = 3072;
    });
    const f = only(run(awsEcs006, await synthContext('prod', { spec: prodSpec('development'), mutate })), PROD.webTask);
    expect(f).toMatchObject({ severity: 'error', blocking: true });
    expect(f.message).toBe(
      `service web in prod: ${PROD.webTask.address} container web has a memory limit of 4096 MiB, more than the task's 2048 MiB; its containers reserve 3072 MiB together, more than the task's 2048 MiB`,
    );
  });

  test('fails when a container reserves more than its own limit', async () => {
    const mutate = editContainers(task, ([web]) => {
      web!.memory = 1024;
      web!.memoryReservation = 1536;
    });
    expect(only(run(awsEcs006, await synthContext('prod', { mutate })), PROD.webTask).message).toContain('container web reserves 1536 MiB, more than its own limit of 1024 MiB');
  });

  test('fails when the task size is invalid even if container_definitions is an expression', async () => {
    const mutate = override([task, 'container_definitions', '${file("containers.json")}'], [task, 'memory', '512']);
    const f = only(run(awsEcs006, await synthContext('prod', { mutate })), PROD.webTask);
    expect(f.message).toContain('asks for cpu 1024 with memory 512 MiB, which Fargate does not offer');
  });

  test('is unknown when the task cpu is an expression', async () => {
    const u = only(run(awsEcs006, await synthContext('prod', { mutate: override([task, 'cpu', '${var.web_cpu}']) })), PROD.webTask, 'unknown');
    expect(u.message).toBe(`service web in prod: ${PROD.webTask.address}: cpu is the expression \${var.web_cpu} (known only at plan)`);
  });
});
