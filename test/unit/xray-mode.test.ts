/**
 * The X-Ray SDK's context namespace exists where Powertools traces (in Lambda, tracing on: the
 * traces operators read in X-Ray need it) and nowhere else (its async hook would track every
 * promise of the local runtime and the tests for nothing; functions/platform/xray-mode.ts).
 */
const SETTINGS = ['AWS_EXECUTION_ENV', 'POWERTOOLS_TRACE_ENABLED', 'AWS_XRAY_MANUAL_MODE'] as const;
type Settings = Partial<Record<(typeof SETTINGS)[number], string>>;

function namespaceAfterLoading(settings: Settings): boolean {
  const saved = Object.fromEntries(SETTINGS.map((name) => [name, process.env[name]]));
  const namespaces = () => (process as unknown as { namespaces?: Record<string, unknown> }).namespaces ?? {};
  delete namespaces().AWSXRay;
  for (const name of SETTINGS) delete process.env[name];
  Object.assign(process.env, settings);
  try {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { tracer } = require('../../functions/platform/observability') as typeof import('../../functions/platform/observability');
      expect(tracer.isTracingEnabled()).toBe(settings.AWS_EXECUTION_ENV !== undefined && settings.POWERTOOLS_TRACE_ENABLED !== 'false');
    });
    return namespaces().AWSXRay !== undefined;
  } finally {
    for (const name of SETTINGS) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  }
}

test('in Lambda with tracing on, the X-Ray SDK keeps the context it traces with', () => {
  expect(namespaceAfterLoading({ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x' })).toBe(true);
});

test('with tracing off, in Lambda or outside it (local runtime, tests, tools), no promise-tracking namespace is created', () => {
  expect(namespaceAfterLoading({ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', POWERTOOLS_TRACE_ENABLED: 'false' })).toBe(false);
  expect(namespaceAfterLoading({})).toBe(false);
});
