import type { KubernetesEnvironmentModel } from '../../model';

/** What `app.kubernetes.io/component` says a workload is; part of every selector, so a service named like a datastore never selects its pods. */
export type Component = 'service' | 'database' | 'cache';

export type Labels = Readonly<Record<string, string>>;

/**
 * The labels that select a workload's pods: app, environment, name and component. They never change with an
 * image pin or a setting (selectors of Deployments and StatefulSets are immutable), so nothing else goes in here.
 */
export function selectorLabels(model: Pick<KubernetesEnvironmentModel, 'app' | 'env'>, name: string, component: Component): Labels {
  return {
    'app.kubernetes.io/part-of': model.app,
    'pinstack.dev/environment': model.env,
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/component': component,
  };
}

/** The model's labels plus the selector labels: on every resource of a workload and on its pods. */
export function workloadLabels(model: Pick<KubernetesEnvironmentModel, 'app' | 'env' | 'labels'>, name: string, component: Component): Labels {
  return { ...model.labels, ...selectorLabels(model, name, component) };
}

