/**
 * Construct IDs (public contract: they make the Terraform addresses; renaming one replaces the resource):
 * - `EnvSecret` construct: `Resource` (kubernetes_secret_v1).
 */
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import type { EnvValue, EnvVar, ManagedPostgresModel, ManagedRedisModel, PostgresModel, RedisModel, SecretRef } from '../../model';
import { terraformLiteral } from '../shared/terraform-literal';
import type { Labels } from './labels';

/** Where secret values come from: `stack.secrets` (sensitive Terraform variables). */
export interface SecretValues {
  value(secret: SecretRef): string;
}

/** What composing the wired datastore values needs. */
export interface WiringContext {
  readonly secrets: SecretValues;
  /** The namespace name as text (host names are `<name>.<namespace>.svc.cluster.local`). */
  readonly namespace: string;
  readonly postgres?: PostgresModel;
  readonly redis?: RedisModel;
}

/** A Service's DNS name inside the cluster. */
export function clusterHost(name: string, namespace: string): string {
  return `${name}.${namespace}.svc.cluster.local`;
}

/** The Postgres password token; the kubernetes model always has one (only RDS manages its own). */
export function postgresPassword(pg: ManagedPostgresModel, secrets: SecretValues): string {
  if (!pg.password) throw new Error(`postgres ${pg.name}: password is missing from the model, expected a SecretRef on the kubernetes target`);
  return secrets.value(pg.password);
}

/** `postgres://user:${urlencode(var)}@host:5432/db?sslmode=require|disable`. */
export function postgresUrl(pg: ManagedPostgresModel, ctx: Pick<WiringContext, 'secrets' | 'namespace'>): string {
  const password = Fn.urlencode(postgresPassword(pg, ctx.secrets));
  const sslmode = pg.tls ? 'require' : 'disable';
  return `postgres://${pg.username}:${password}@${clusterHost(pg.name, ctx.namespace)}:${pg.port}/${pg.database}?sslmode=${sslmode}`;
}

/** `redis[s]://:${urlencode(var)}@host:6379` (`rediss` with TLS). */
export function redisUrl(redis: ManagedRedisModel, ctx: Pick<WiringContext, 'secrets' | 'namespace'>): string {
  const password = Fn.urlencode(ctx.secrets.value(redis.password));
  return `${redis.tls ? 'rediss' : 'redis'}://:${password}@${clusterHost(redis.name, ctx.namespace)}:${redis.port}`;
}

function managedPostgres(ctx: WiringContext, variable: string): ManagedPostgresModel {
  if (ctx.postgres?.kind !== 'managed') throw new Error(`${variable}: expected a managed postgres in the model, got ${ctx.postgres ? 'an external one' : 'none'}`);
  return ctx.postgres;
}

function managedRedis(ctx: WiringContext, variable: string): ManagedRedisModel {
  if (ctx.redis?.kind !== 'managed') throw new Error(`${variable}: expected a managed redis in the model, got ${ctx.redis ? 'an external one' : 'none'}`);
  return ctx.redis;
}

/** The secret data for one variable, or undefined for a literal (which stays a plain `env.value`). */
export function secretData(variable: string, value: EnvValue, ctx: WiringContext): string | undefined {
  switch (value.kind) {
    case 'literal':
      return undefined;
    case 'secret':
      return ctx.secrets.value(value.secret);
    case 'postgres-url':
      return postgresUrl(managedPostgres(ctx, variable), ctx);
    case 'postgres-password':
      return postgresPassword(managedPostgres(ctx, variable), ctx.secrets);
    case 'redis-url':
      return redisUrl(managedRedis(ctx, variable), ctx);
  }
}

/** Every non-literal variable of a service, by name: the data of its Secret. */
export function serviceSecretData(env: readonly EnvVar[], ctx: WiringContext): Record<string, string> {
  const data: Record<string, string> = {};
  for (const v of env) {
    const value = secretData(v.name, v.value, ctx);
    if (value !== undefined) data[v.name] = value;
  }
  return data;
}

/** A container `env` entry: a literal value, or a key of a Secret. */
export interface ContainerEnv {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef: { name: string; key: string } };
}

export function secretEnv(name: string, secretName: string, key = name): ContainerEnv {
  return { name, valueFrom: { secretKeyRef: { name: secretName, key } } };
}

/** Literals as `value`; everything else from the service's Secret (key = variable name). */
export function containerEnv(env: readonly EnvVar[], secretName: string | undefined): ContainerEnv[] {
  return env.map((v) => {
    if (v.value.kind === 'literal') return { name: v.name, value: terraformLiteral(v.value.value) };
    if (secretName === undefined) throw new Error(`env ${v.name}: a ${v.value.kind} value needs the service's Secret, and there is none`);
    return secretEnv(v.name, secretName);
  });
}

export interface EnvSecretProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Labels;
  /** Values must be Terraform references (`${var.…}` or expressions of them); a literal is refused. */
  readonly data: Readonly<Record<string, string>>;
}

/**
 * An Opaque Secret of environment variables whose values are all Terraform expressions over the stack's
 * sensitive variables: the values reach the cluster through Terraform, never through cdk.tf.json.
 *
 * Child IDs (public contract): `Resource` (kubernetes_secret_v1).
 */
export class EnvSecret extends Construct {
  readonly resource: SecretV1;
  /** The Secret's name as a reference (containers that read it depend on it). */
  readonly name: string;

  constructor(scope: Construct, id: string, props: EnvSecretProps) {
    super(scope, id);
    for (const [key, value] of Object.entries(props.data)) {
      if (!Token.isUnresolved(value)) {
        throw new Error(`secret ${props.name}: data.${key} is a literal, expected a reference from stack.secrets.value(ref) (secret values never enter cdk.tf.json)`);
      }
    }
    this.resource = new SecretV1(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: { ...props.labels } },
      type: 'Opaque',
      data: { ...props.data },
    });
    this.name = this.resource.metadata.name;
  }
}
