import { defineRule, verdict, sev } from '../helpers';
import { managedStores, STORE_LABEL } from './common';

/** SPEC-DATA-004: managed Postgres and Redis require TLS from clients. */
export const specData004 = defineRule(
  {
    id: 'SPEC-DATA-004',
    title: 'Managed Postgres and Redis encrypt traffic in transit',
    stage: 'spec',
    category: 'security',
    rationale:
      'Database and cache connections carry credentials and user data; without TLS anyone on the network path (a compromised pod, a mirrored port, a misrouted VPC peering) can read or alter them.',
    remediation:
      'Set tls: true on postgres and redis (the default); on kubernetes also set target.datastoreTlsSecret. Only a local docker environment should override tls: false.',
    severity: sev('error', 'error', 'info'),
    enforcement: 'soft',
    anchors: ['AwsSolutions-AEC3', 'CKV_AWS_30', 'CKV_AWS_31', 'CKV2_AWS_69', 'AVD-AWS-0051'],
  },
  (ctx) => {
    const env = ctx.config.name;
    return managedStores(ctx).map((store) =>
      verdict(
        store.model.tls,
        { specPath: `${store.kind}.tls` },
        `${STORE_LABEL[store.kind]} in ${env} requires TLS`,
        `${STORE_LABEL[store.kind]} in ${env} accepts unencrypted connections (tls: false): credentials and data cross the network in clear text`,
      ),
    );
  },
);
