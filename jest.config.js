/** Tests run the TypeScript sources through ts-jest (decorator metadata needs tsc, not esbuild). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  setupFiles: ['<rootDir>/tests/setup-env.ts'],
  testTimeout: 60000,
  maxWorkers: 2,
};
