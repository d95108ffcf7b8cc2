import { defineApp } from './config';

/**
 * The example app: a web front end and a background worker on Postgres and Redis, in three environments.
 * Image tags are not here: each environment pins them in its encrypted file (`secrets/<env>.enc.yaml`),
 * changed with `pinstack pin <env> <service> <image>` and `pinstack rollback <env> <service>`.
 */
export default defineApp({
  name: 'acme',
  services: {
    web: {
      image: 'ghcr.io/acme/web',
      port: 8080,
      command: ['node', 'dist/server.js'],
      env: { NODE_ENV: 'production', LOG_LEVEL: 'info' },
      secretEnv: ['SESSION_SECRET'],
      uses: ['postgres', 'redis'],
      healthChecks: {
        liveness: { type: 'http', path: '/health', intervalSeconds: 15, timeoutSeconds: 5, retries: 3 },
        readiness: { type: 'http', path: '/ready', intervalSeconds: 10, timeoutSeconds: 5, retries: 3 },
        startup: { type: 'http', path: '/health', intervalSeconds: 5, timeoutSeconds: 3, retries: 12 },
      },
      resources: { cpu: 0.5, memoryMiB: 1024 },
      replicas: { min: 2, max: 6, targetCpuPercent: 70 },
      ingress: { host: 'app.acme.example', path: '/' },
      rollout: { maxSurgePercent: 50, maxUnavailablePercent: 0, autoRollback: true },
    },
    worker: {
      image: 'ghcr.io/acme/worker',
      command: ['node', 'dist/worker.js'],
      env: { NODE_ENV: 'production', QUEUE_CONCURRENCY: '4' },
      secretEnv: ['SESSION_SECRET'],
      uses: ['postgres', 'redis'],
      healthChecks: {
        liveness: { type: 'command', command: ['node', 'dist/healthcheck.js'], intervalSeconds: 30, timeoutSeconds: 10, retries: 3, startPeriodSeconds: 20 },
      },
      resources: { cpu: 0.25, memoryMiB: 512 },
      replicas: 2,
    },
  },
  postgres: {
    version: '16',
    storageGiB: 20,
    backups: { retentionDays: 7 },
    deletionProtection: true,
    extensions: ['pg_trgm', 'uuid-ossp'],
  },
  redis: { version: '7.1', memoryMiB: 256, persistence: false, tls: true },
  environments: {
    dev: {
      target: { kind: 'docker' },
      overrides: {
        services: {
          web: { replicas: 1, env: { LOG_LEVEL: 'debug' }, ingress: { host: 'web.localhost' } },
          worker: { replicas: 1 },
        },
        postgres: { tls: false, deletionProtection: false, backups: { retentionDays: 0 } },
        redis: { tls: false },
      },
    },
    staging: {
      target: {
        kind: 'kubernetes',
        namespace: 'acme-staging',
        storageClassName: 'encrypted-gp3',
        storageEncrypted: true,
        datastoreTlsSecret: 'acme-staging-datastore-tls',
        ingressTlsSecret: 'acme-staging-ingress-tls',
      },
      overrides: {
        services: { web: { ingress: { host: 'staging.acme.example' } } },
        postgres: { backups: { retentionDays: 3 } },
      },
    },
    prod: {
      target: {
        kind: 'aws',
        region: 'eu-west-1',
        network: { cidr: '10.40.0.0/16', availabilityZones: ['eu-west-1a', 'eu-west-1b'], natGateways: 'per-zone' },
        certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8f9e-a0b1c2d3e4f5',
        logRetentionDays: 90,
      },
      overrides: {
        services: { web: { replicas: { min: 3, max: 12 }, resources: { cpu: 1, memoryMiB: 2048 } }, worker: { replicas: 3 } },
        postgres: { instanceClass: 'db.m7g.large', storageGiB: 100, highAvailability: true, backups: { retentionDays: 14 } },
        redis: { nodeType: 'cache.m7g.large', highAvailability: true, persistence: true },
      },
    },
  },
});
