import { defineRule, verdict, sev } from '../helpers';
import { managedStores, STORE_LABEL } from './common';

/** SPEC-DATA-005: every managed datastore is used by at least one service. */
export const specData005 = defineRule(
  {
    id: 'SPEC-DATA-005',
    title: 'Managed datastores are used by a service',
    stage: 'spec',
    category: 'cost',
    rationale:
      'A database or cache no service connects to still costs money, holds data that must be backed up and patched, and is one more credential and network endpoint to attack; it is usually a leftover or a forgotten `uses` entry.',
    remediation: 'Add the datastore to the `uses` of the services that need it, or remove it from the spec (take a final backup first).',
    severity: sev('warning', 'warning', 'info'),
    enforcement: 'advisory',
    anchors: [],
  },
  (ctx) => {
    const env = ctx.config.name;
    return managedStores(ctx).map((store) => {
      const users = ctx.model.services.filter((s) => s.uses.includes(store.kind)).map((s) => s.name);
      return verdict(
        users.length > 0,
        { specPath: store.kind },
        `${STORE_LABEL[store.kind]} in ${env} is used by ${users.join(', ')}`,
        `${STORE_LABEL[store.kind]} in ${env} is used by no service (no service lists "${store.kind}" in uses): it costs money and is attack surface for nothing`,
      );
    });
  },
);
