import { defineRule, verdict, sev } from '../helpers';
import { managedStores, STORE_LABEL } from './common';

/** SPEC-DATA-002: managed Postgres and Redis have a standby in another zone (in production). */
export const specData002 = defineRule(
  {
    id: 'SPEC-DATA-002',
    title: 'Managed Postgres and Redis are highly available in production',
    stage: 'spec',
    category: 'reliability',
    rationale:
      'A single database or cache instance makes every zone outage, host failure and maintenance window an outage of the whole app; a standby with automatic failover turns it into a short reconnect.',
    remediation:
      'Set highAvailability: true on postgres and redis in the production environment\'s overrides (the aws target runs Multi-AZ RDS and a replicated ElastiCache group); on docker or kubernetes use an external managed datastore.',
    severity: sev('error', 'off', 'off'),
    enforcement: 'soft',
    anchors: ['AwsSolutions-RDS3', 'HIPAA:RDSMultiAZSupport', 'CKV_AWS_157', 'AwsSolutions-AEC4', 'CKV2_AWS_50', 'AVD-AWS-0050'],
  },
  (ctx) => {
    const env = ctx.config.name;
    return managedStores(ctx).map((store) =>
      verdict(
        store.model.highAvailability,
        { specPath: `${store.kind}.highAvailability` },
        `${STORE_LABEL[store.kind]} in ${env} has a standby with automatic failover`,
        `${STORE_LABEL[store.kind]} in ${env} is a single instance (highAvailability: false): a zone or host failure takes the app down`,
      ),
    );
  },
);
