// @microsoft/jest-sarif ships its matchers without a global declaration.
declare namespace jest {
  interface Matchers<R> {
    toBeValidSarifLog(): R;
  }
}
