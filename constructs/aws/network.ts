import { Eip } from '@cdktf/provider-aws/lib/eip';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Construct } from 'constructs';
import { type AwsNetwork, isExistingNetwork } from '../../config';
import { pascalCase } from '../../model/naming';
import { cidrSubnet } from './util';

/**
 * The VPC the stack runs in: created from `network.cidr` + `availabilityZones`, or given as ids.
 *
 * Child IDs (created network only; a given network has no children). `<Zone>` is the PascalCase zone name,
 * e.g. `EuWest1A`, so adding a zone at the end of the list changes nothing that exists:
 * - `Vpc` (DNS support and host names on)
 * - `InternetGateway`
 * - `PublicSubnet<Zone>`, `PrivateSubnet<Zone>`: the CIDR split in 16 (`/16` -> `/20`s): public subnets take
 *   blocks 0..5 in zone order, private subnets 8..13
 * - `PublicRouteTable`, `PublicDefaultRoute` (0.0.0.0/0 -> internet gateway), `PublicRouteTableAssociation<Zone>`
 * - `NatEip<Zone>`, `NatGateway<Zone>`: in the first zone only (`natGateways: single`) or in each zone (`per-zone`)
 * - `PrivateRouteTable<Zone>`, `PrivateDefaultRoute<Zone>` (0.0.0.0/0 -> the zone's NAT, or the single one),
 *   `PrivateRouteTableAssociation<Zone>`
 *
 * No VPC flow logs (they need a log group and an IAM role of their own; add them here when wanted).
 */
export interface NetworkProps {
  /** Prefix of the `Name` tags, e.g. `acme-prod`. */
  readonly name: string;
  readonly network: AwsNetwork;
}

/** The CIDR is split into 16 subnets: public ones from block 0, private ones from block 8. */
const SUBNET_NEWBITS = 4;
const PRIVATE_OFFSET = 8;

export class Network extends Construct {
  readonly vpcId: string;
  readonly publicSubnetIds: string[];
  readonly privateSubnetIds: string[];
  /** False for a given network (`network.vpcId`). */
  readonly created: boolean;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const network = props.network;
    if (isExistingNetwork(network)) {
      this.created = false;
      this.vpcId = network.vpcId;
      this.publicSubnetIds = [...network.publicSubnetIds];
      this.privateSubnetIds = [...network.privateSubnetIds];
      return;
    }
    this.created = true;
    const prefix = Number(network.cidr.split('/')[1]);
    if (prefix > 28 - SUBNET_NEWBITS) {
      throw new Error(`network.cidr: expected a /${28 - SUBNET_NEWBITS} or larger block (it is split into 16 subnets of at least /28), got ${network.cidr}`);
    }
    const tag = (suffix: string) => ({ Name: `${props.name}-${suffix}` });

    const vpc = new Vpc(this, 'Vpc', { cidrBlock: network.cidr, enableDnsSupport: true, enableDnsHostnames: true, tags: tag('vpc') });
    this.vpcId = vpc.id;
    const igw = new InternetGateway(this, 'InternetGateway', { vpcId: vpc.id, tags: tag('igw') });

    const publicTable = new RouteTable(this, 'PublicRouteTable', { vpcId: vpc.id, tags: tag('public') });
    new Route(this, 'PublicDefaultRoute', { routeTableId: publicTable.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id });

    const zones = network.availabilityZones;
    const publicSubnets = zones.map((zone, i) => {
      const subnet = new Subnet(this, `PublicSubnet${pascalCase(zone)}`, {
        vpcId: vpc.id,
        availabilityZone: zone,
        cidrBlock: cidrSubnet(network.cidr, SUBNET_NEWBITS, i),
        mapPublicIpOnLaunch: false,
        tags: tag(`public-${zone}`),
      });
      new RouteTableAssociation(this, `PublicRouteTableAssociation${pascalCase(zone)}`, { subnetId: subnet.id, routeTableId: publicTable.id });
      return subnet;
    });

    const natZones = network.natGateways === 'per-zone' ? zones : zones.slice(0, 1);
    const nats = natZones.map((zone, i) => {
      const eip = new Eip(this, `NatEip${pascalCase(zone)}`, { domain: 'vpc', tags: tag(`nat-${zone}`), dependsOn: [igw] });
      return new NatGateway(this, `NatGateway${pascalCase(zone)}`, { allocationId: eip.allocationId, subnetId: publicSubnets[i]!.id, tags: tag(`nat-${zone}`), dependsOn: [igw] });
    });

    const privateSubnets = zones.map((zone, i) => {
      const subnet = new Subnet(this, `PrivateSubnet${pascalCase(zone)}`, {
        vpcId: vpc.id,
        availabilityZone: zone,
        cidrBlock: cidrSubnet(network.cidr, SUBNET_NEWBITS, PRIVATE_OFFSET + i),
        mapPublicIpOnLaunch: false,
        tags: tag(`private-${zone}`),
      });
      const table = new RouteTable(this, `PrivateRouteTable${pascalCase(zone)}`, { vpcId: vpc.id, tags: tag(`private-${zone}`) });
      new Route(this, `PrivateDefaultRoute${pascalCase(zone)}`, { routeTableId: table.id, destinationCidrBlock: '0.0.0.0/0', natGatewayId: (nats[i] ?? nats[0]!).id });
      new RouteTableAssociation(this, `PrivateRouteTableAssociation${pascalCase(zone)}`, { subnetId: subnet.id, routeTableId: table.id });
      return subnet;
    });

    this.publicSubnetIds = publicSubnets.map((s) => s.id);
    this.privateSubnetIds = privateSubnets.map((s) => s.id);
  }
}
