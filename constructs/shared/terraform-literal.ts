/**
 * A user-given string as a Terraform literal: `${` and `%{` start interpolations and directives in
 * Terraform's JSON syntax, so they are escaped (`$${`, `%%{`). cdktf does not escape plain strings.
 * Never pass a token through this: its `${…}` would be escaped too.
 */
export function terraformLiteral(value: string): string {
  return value.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}
