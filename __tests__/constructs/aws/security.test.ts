import { parseImageRef, pinProblem } from '../../../lib/oci/image-ref';
import { EXAMPLE_PINS } from '../../helpers/example';
import { containerDefinitions, ref, resources, synthAws } from './synth';

describe('AWS stack security properties', () => {
  test('nothing but the load balancer accepts traffic from 0.0.0.0/0 or ::/0', async () => {
    const { json } = await synthAws();
    const alb = ref(json, 'aws_security_group', 'LoadBalancer_SecurityGroup', 'id');
    const open = resources(json, 'aws_vpc_security_group_ingress_rule').filter(([, r]) => r.cidr_ipv4 !== undefined || r.cidr_ipv6 !== undefined);
    expect(open.length).toBeGreaterThan(0);
    for (const [id, r] of open) expect({ id, sg: r.security_group_id }).toEqual({ id, sg: alb });
    for (const [, sg] of resources(json, 'aws_security_group')) {
      expect(sg.ingress).toBeUndefined();
      expect(sg.description).toBeTruthy();
    }
  });

  test('every service ingress comes from a security group, with a description', async () => {
    const { json } = await synthAws();
    for (const [id, r] of resources(json, 'aws_vpc_security_group_ingress_rule')) {
      expect({ id, description: typeof r.description }).toEqual({ id, description: 'string' });
      if (!id.startsWith('LoadBalancer_')) expect(r.referenced_security_group_id).toMatch(/^\$\{aws_security_group\./);
    }
    for (const [id, r] of resources(json, 'aws_vpc_security_group_egress_rule')) expect({ id, description: typeof r.description }).toEqual({ id, description: 'string' });
  });

  test('datastores are never public; tasks get no public IP', async () => {
    const { json } = await synthAws();
    for (const [, db] of resources(json, 'aws_db_instance')) expect(db.publicly_accessible).toBe(false);
    for (const [, s] of resources(json, 'aws_ecs_service')) expect(s.network_configuration.assign_public_ip).toBe(false);
  });

  test('every image is pinned (the pin from the environment file)', async () => {
    const { json, model } = await synthAws();
    for (const s of model.services) {
      const [container] = containerDefinitions(json, s.name[0]!.toUpperCase() + s.name.slice(1));
      expect(container.image).toBe(EXAMPLE_PINS[s.name]);
      expect(pinProblem(parseImageRef(container.image))).toBeUndefined();
    }
  });

  test('every container has a health check', async () => {
    const { json } = await synthAws();
    for (const [, td] of resources(json, 'aws_ecs_task_definition')) {
      for (const c of JSON.parse(td.container_definitions)) expect(c.healthCheck.command[0]).toBe('CMD-SHELL');
    }
  });
});
