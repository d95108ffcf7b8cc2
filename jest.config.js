/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j|mj)sx?$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  // age-encryption and its @noble/@scure dependencies are ESM-only: compile them to CommonJS for jest.
  transformIgnorePatterns: ['/node_modules/(?!(age-encryption|@noble|@scure|sops-age)/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  globalSetup: '<rootDir>/__tests__/global-setup.js',
};
