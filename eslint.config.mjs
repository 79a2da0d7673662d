// ESLint flat config: typescript-eslint's recommended rules and the layer rule: imports point down
// (infra → functions → events → domain). The type-aware rules that catch lost promises run in oxlint (.oxlintrc.json).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const AWS_RUNTIME = ['@aws-sdk/*', 'aws-lambda', '@aws-lambda-powertools/*', '@middy/*'];
const CDK = ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', 'cdk-nag'];

/** A layer may not import the layers above it; the message names the rule. */
const layer = (files, forbidden, packages, why) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...(forbidden.length ? [{ group: forbidden, message: `Imports point down (infra → functions → events → domain): ${why}` }] : []),
          ...(packages.length ? [{ group: packages, message: `Not in this layer: ${why}` }] : []),
        ],
      },
    ],
  },
});

/** A cast of a stored record's data (`record.data as X`, `record?.data as X`): its kind types it (decision 0094). */
const DATA_CAST = {
  selector: [
    "TSAsExpression[expression.type='MemberExpression'][expression.property.name='data']",
    "TSAsExpression[expression.type='ChainExpression'][expression.expression.property.name='data']",
  ].join(', '),
  message: "A record's data is typed by its kind (RecordKind<T> → StoredRecord<T>): read it with its kind instead of casting.",
};

/** A DynamoDB expression written outside the repositories (decision 0025). */
const DYNAMO_EXPRESSION = {
  selector: ['ConditionExpression', 'UpdateExpression', 'KeyConditionExpression', 'FilterExpression']
    .flatMap((name) => [`Property[key.name='${name}']`, `Property[key.value='${name}']`])
    .join(', '),
  message: 'Only functions/repositories/ builds DynamoDB expressions: say what must hold through a store method or the write primitive.',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.local/', 'coverage/', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // No type information here: the rules that need it (lost promises) run in oxlint on TypeScript 7 (.oxlintrc.json,
    // decision 0145). Building TypeScript 5.9's program for them was half of this linter's CPU.
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  layer(
    ['domain/**/*.ts'],
    ['**/events/**', '**/functions/**', '**/infra/**'],
    [...AWS_RUNTIME, ...CDK],
    'the domain holds rules, no AWS and no I/O',
  ),
  layer(['events/**/*.ts'], ['**/functions/**', '**/infra/**'], [...AWS_RUNTIME, ...CDK], 'the event catalog is shared by every function'),
  layer(['functions/**/*.ts'], ['**/infra/**'], CDK, 'a Lambda bundle never carries CDK or local-runtime code'),
  layer(
    ['functions/use-cases/**/*.ts'],
    ['**/infra/**', '**/http/**', '**/api/**', '**/consumers/**'],
    ['aws-lambda', '@middy/*', ...CDK],
    'a use case knows neither HTTP nor SQS; handlers call it',
  ),
  layer(
    ['functions/repositories/**/*.ts', 'functions/platform/**/*.ts'],
    ['**/infra/**', '**/http/**', '**/api/**', '**/consumers/**', '**/use-cases/**'],
    CDK,
    'repositories and adapters sit below the use cases',
  ),
  {
    // A function's bundle carries its own routes, not the whole wiring, and none of the contract, which is derived
    // where it is read (the tests, the OpenAPI generator): a route reaches its answers' schemas through the kit its
    // `contract` function is given (decision 0096).
    files: ['functions/**/*.ts'],
    ignores: ['functions/contract/**', 'functions/manifest.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/contract', '**/contract/*'],
              allowTypeImports: true,
              message: 'Lambda code names the contract only as a type: reach answer schemas through the kit (`contract: (c) => …`).',
            },
            {
              group: ['**/manifest'],
              allowTypeImports: true,
              message:
                'Lambda code does not load the manifest (every route): names come from functions/names.ts, queues from functions/queues.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    // Lambda code below the repositories states what changes and what must hold; repositories/ writes the expressions.
    files: ['functions/**/*.ts', 'events/**/*.ts', 'domain/**/*.ts'],
    ignores: ['functions/repositories/**'],
    rules: { 'no-restricted-syntax': ['error', DATA_CAST, DYNAMO_EXPRESSION] },
  },
  {
    // The local runtime's own adapters (the SQS emulation on its table) and ops scripts build commands of their own.
    files: ['functions/repositories/**/*.ts', 'infra/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', DATA_CAST] },
  },
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
