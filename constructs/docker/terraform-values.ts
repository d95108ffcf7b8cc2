/** Small helpers for values written into cdk.tf.json by the docker constructs. */
import { terraformLiteral as literal } from '../shared/terraform-literal';

export { literal };


/** Docker `labels` blocks from a record, sorted by label so the rendered order is stable. */
export function labelBlocks(labels: Readonly<Record<string, string>>): Array<{ label: string; value: string }> {
  return Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, value]) => ({ label, value: literal(value) }));
}

