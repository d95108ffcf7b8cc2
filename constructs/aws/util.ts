/**
 * Small helpers of the AWS constructs (no resources here).
 */

/** The CIDR of subnet `netnum` of `cidr` with `newbits` more prefix bits (Terraform's cidrsubnet, IPv4). */
export function cidrSubnet(cidr: string, newbits: number, netnum: number): string {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!match) throw new Error(`network.cidr: expected an IPv4 CIDR such as 10.0.0.0/16, got "${cidr}"`);
  const prefix = Number(match[5]);
  const newPrefix = prefix + newbits;
  if (newPrefix > 32) throw new Error(`network.cidr: cannot add ${newbits} bits to a /${prefix}`);
  if (netnum < 0 || netnum >= 2 ** newbits) throw new Error(`subnet number ${netnum} does not fit in ${newbits} bits`);
  const base = match.slice(1, 5).reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const networkBase = prefix === 0 ? 0 : base - (base % 2 ** (32 - prefix));
  const address = networkBase + netnum * 2 ** (32 - newPrefix);
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256);
  return `${octets.join('.')}/${newPrefix}`;
}
