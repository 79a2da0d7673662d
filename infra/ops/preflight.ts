/**
 * `npm run preflight`: checks the account the AWS credentials point at against the go-live checklist
 * (docs/deploy.md): what the first-day simulation needs of each quota and what the district requests. Exits 1
 * when a quota is below what the district needs. Without credentials it checks nothing and says so.
 */ import { defineTool } from './tool-cli';

const cli = defineTool({
  script: 'preflight',
  summary:
    'Checks the AWS account the credentials point at against the go-live checklist (docs/deploy.md): what the first-day ' +
    'simulation needs of each quota and what the district requests. Reads only; exits 1 when a quota is below the need.',
  options: {
    region: { type: 'string', value: 'region', description: 'The Region to check. Default: AWS_REGION, else us-east-1.' },
    quotas: { type: 'string', value: 'file', description: "The district's requested quotas as JSON. Default: the project's." },
    json: { type: 'boolean', default: false, description: 'One JSON object on the last line as well.' },
  },
  notes: [
    'Credentials come from the SDK chain (AWS_PROFILE, the AWS_* variables, SSO, a role); without any it checks nothing and says so.',
  ],
  examples: ['AWS_PROFILE=district-prod npm run preflight -- --region us-east-1'],
});
const { values } = cli.parse();
const region = values.region ?? process.env.AWS_REGION ?? 'us-east-1';

async function main(): Promise<void> {
  // Loaded once the arguments are parsed: `--help` answers without loading three AWS clients and the simulation.
  const [
    { PinpointSMSVoiceV2Client },
    { ServiceQuotasClient },
    { SESv2Client },
    { preflight },
    { loadQuotas },
    { checklist },
    { runFirstDay },
  ] = await Promise.all([
    import('@aws-sdk/client-pinpoint-sms-voice-v2'),
    import('@aws-sdk/client-service-quotas'),
    import('@aws-sdk/client-sesv2'),
    import('./preflight/checks'),
    import('./simulation/quotas'),
    import('./simulation/report'),
    import('./simulation/run'),
  ]);
  const quotaClient = new ServiceQuotasClient({ region });
  try {
    // The SDK's own chain (environment, profile, SSO, instance role): no credentials, no check.
    await quotaClient.config.credentials();
  } catch {
    console.log('preflight: no AWS credentials found, nothing checked (set AWS_PROFILE or the AWS_* variables)');
    return;
  }
  const { quotas } = loadQuotas(values.quotas);
  const items = checklist([runFirstDay({ quotas }), runFirstDay({ quotas, staffSignIn: 'federated' })], quotas);
  const checks = await preflight(
    { quotas: quotaClient, ses: new SESv2Client({ region }), sms: new PinpointSMSVoiceV2Client({ region }) },
    items,
  );
  for (const check of checks) {
    console.log(
      `${check.verdict.padEnd(13)} ${check.what}: account ${String(check.actual ?? 'not found')}, needs ${check.needs}, district requests ${check.requests}`,
    );
  }
  if (values.json) console.log(JSON.stringify({ region, checks }));
  process.exitCode = checks.some((check) => check.verdict === 'fails') ? 1 : 0;
}

void main();
