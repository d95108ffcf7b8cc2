import { Annotations, type TerraformStack } from 'cdktf';
import type { EnvironmentConfig } from '../config';
import { stackView } from '../lib/tfjson/stack';
import type { EnvironmentModel } from '../model';
import { evaluate, type EvaluateOptions } from './engine';
import { RULES } from './rules';
import type { Finding, Rule } from './types';

/**
 * The one place policies meet cdktf. cdktf 0.21 never runs aspects added to the App, so the gate is a
 * validation on every stack: it runs after aspects, sees the resolved JSON (escape hatches included),
 * and its errors fail `app.synth()` (and `cdktf synth`).
 */
export interface PolicyGateOptions extends EvaluateOptions {
  /** enforce: blocking findings fail synth. collect: everything goes to `onFindings`, synth goes on. @default enforce */
  readonly mode?: 'enforce' | 'collect';
  readonly onFindings?: (stack: string, findings: Finding[]) => void;
  readonly rules?: readonly Rule[];
}

export function attachPolicyGate(stack: TerraformStack, config: EnvironmentConfig, model: EnvironmentModel, options: PolicyGateOptions = {}): void {
  stack.node.addValidation({
    validate: () => {
      const view = stackView(stack.node.id, stack.toTerraform() as Record<string, unknown>);
      const rules = options.rules ?? RULES;
      const findings = [
        ...evaluate(rules, { stage: 'spec', config, model }, options),
        ...evaluate(rules, { stage: 'synth', config, model, stack: view }, options),
      ];
      options.onFindings?.(stack.node.id, findings);
      if (options.mode === 'collect') return [];
      for (const f of findings) {
        if (f.blocking || f.outcome !== 'fail') continue;
        const text = `[${f.ruleId}] ${f.message}`;
        if (f.severity === 'warning') Annotations.of(stack).addWarning(text);
        else if (f.severity === 'info') Annotations.of(stack).addInfo(text);
      }
      return findings.filter((f) => f.blocking).map((f) => `[${f.ruleId}] ${f.environment}: ${f.message}${where(f)}`);
    },
  });
}

function where(f: Finding): string {
  const at = f.location.specPath ?? f.location.constructPath ?? f.location.address;
  return at ? ` (at ${at})` : '';
}
