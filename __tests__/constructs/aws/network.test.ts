import { Testing } from 'cdktf';
import { Network } from '../../../constructs/aws/network';
import { cidrSubnet } from '../../../constructs/aws/util';
import { exampleSpec } from '../../helpers/example';
import { ref, resource, resources, synthAws } from './synth';

const GIVEN = {
  vpcId: 'vpc-0abc12345def67890',
  publicSubnetIds: ['subnet-0aaa1111bbbb2222c', 'subnet-0aaa1111bbbb2222d'],
  privateSubnetIds: ['subnet-0ccc3333dddd4444e', 'subnet-0ccc3333dddd4444f'],
};

describe('Network (created)', () => {
  test('a VPC with DNS and a public and a private subnet per zone, carved from the CIDR', async () => {
    const { json } = await synthAws();
    expect(resource(json, 'aws_vpc')).toMatchObject({ cidr_block: '10.40.0.0/16', enable_dns_support: true, enable_dns_hostnames: true });
    const subnets = Object.fromEntries(resources(json, 'aws_subnet').map(([id, s]) => [id.replace(/_[0-9A-F]{8}$/, ''), [s.availability_zone, s.cidr_block, s.map_public_ip_on_launch]]));
    expect(subnets).toEqual({
      Network_PublicSubnetEuWest1A: ['eu-west-1a', '10.40.0.0/20', false],
      Network_PublicSubnetEuWest1B: ['eu-west-1b', '10.40.16.0/20', false],
      Network_PrivateSubnetEuWest1A: ['eu-west-1a', '10.40.128.0/20', false],
      Network_PrivateSubnetEuWest1B: ['eu-west-1b', '10.40.144.0/20', false],
    });
  });

  test('per-zone NAT gateways: each private route table goes out through its own zone', async () => {
    const { json } = await synthAws();
    expect(resources(json, 'aws_nat_gateway')).toHaveLength(2);
    expect(resources(json, 'aws_eip').every(([, e]) => e.domain === 'vpc')).toBe(true);
    const routes = Object.fromEntries(resources(json, 'aws_route').map(([id, r]) => [id.replace(/_[0-9A-F]{8}$/, ''), r.nat_gateway_id ?? r.gateway_id]));
    expect(routes).toEqual({
      Network_PublicDefaultRoute: ref(json, 'aws_internet_gateway', 'Network_InternetGateway', 'id'),
      Network_PrivateDefaultRouteEuWest1A: ref(json, 'aws_nat_gateway', 'Network_NatGatewayEuWest1A', 'id'),
      Network_PrivateDefaultRouteEuWest1B: ref(json, 'aws_nat_gateway', 'Network_NatGatewayEuWest1B', 'id'),
    });
    expect(resources(json, 'aws_route_table_association')).toHaveLength(4);
  });

  test('a single NAT gateway serves every zone', async () => {
    const spec = exampleSpec();
    spec.environments.prod.target.network = { cidr: '10.1.0.0/16', availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] };
    const { json } = await synthAws({ spec });
    expect(resources(json, 'aws_nat_gateway')).toHaveLength(1);
    expect(resources(json, 'aws_subnet')).toHaveLength(6);
    const nat = ref(json, 'aws_nat_gateway', 'Network_NatGatewayEuWest1A', 'id');
    const privateRoutes = resources(json, 'aws_route').filter(([id]) => id.startsWith('Network_PrivateDefaultRoute'));
    expect(privateRoutes.map(([, r]) => r.nat_gateway_id)).toEqual([nat, nat, nat]);
  });

  test('fails when the CIDR is too small to split into 16 subnets', () => {
    const stack = Testing.stubVersion(Testing.app());
    expect(() => new Network(stack, 'Network', { name: 'x', network: { cidr: '10.0.0.0/26', availabilityZones: ['eu-west-1a', 'eu-west-1b'], natGateways: 'single' } })).toThrow(
      'network.cidr: expected a /24 or larger block (it is split into 16 subnets of at least /28), got 10.0.0.0/26',
    );
  });
});

describe('Network (given)', () => {
  test('creates no VPC, subnets, gateways or routes and runs everything in the given subnets', async () => {
    const spec = exampleSpec();
    spec.environments.prod.target.network = GIVEN;
    const { json } = await synthAws({ spec });
    for (const type of ['aws_vpc', 'aws_subnet', 'aws_internet_gateway', 'aws_nat_gateway', 'aws_eip', 'aws_route', 'aws_route_table', 'aws_route_table_association']) {
      expect(resources(json, type)).toEqual([]);
    }
    expect(resource(json, 'aws_lb').subnets).toEqual(GIVEN.publicSubnetIds);
    expect(resource(json, 'aws_db_subnet_group').subnet_ids).toEqual(GIVEN.privateSubnetIds);
    expect(resource(json, 'aws_elasticache_subnet_group').subnet_ids).toEqual(GIVEN.privateSubnetIds);
    for (const [, s] of resources(json, 'aws_ecs_service')) expect(s.network_configuration.subnets).toEqual(GIVEN.privateSubnetIds);
    for (const [, sg] of resources(json, 'aws_security_group')) expect(sg.vpc_id).toBe(GIVEN.vpcId);
  });
});

describe('cidrSubnet', () => {
  test('matches terraform cidrsubnet', () => {
    expect(cidrSubnet('10.0.0.0/16', 4, 0)).toBe('10.0.0.0/20');
    expect(cidrSubnet('10.0.0.0/16', 4, 15)).toBe('10.0.240.0/20');
    expect(cidrSubnet('172.16.0.0/12', 4, 9)).toBe('172.25.0.0/16');
    expect(cidrSubnet('10.0.5.7/24', 4, 1)).toBe('10.0.5.16/28');
  });

  test('fails when the subnet number does not fit', () => {
    expect(() => cidrSubnet('10.0.0.0/16', 4, 16)).toThrow('subnet number 16 does not fit in 4 bits');
  });
});
