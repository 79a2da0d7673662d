/**
 * `npm run preflight -- [--region us-east-1] [--quotas <file>] [--json]`: checks the account the AWS credentials
 * point at against the go-live checklist (docs/deploy.md): what the first-day simulation needs of each quota and
 * what the district requests. Exits 1 when a quota is below what the district needs. Without credentials it
 * checks nothing and says so.
 */
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { parseArgs } from 'node:util';
import { preflight } from './preflight/checks';
import { loadQuotas } from './simulation/quotas';
import { checklist } from './simulation/report';
import { runFirstDay } from './simulation/run';

const { values } = parseArgs({
  options: { region: { type: 'string' }, quotas: { type: 'string' }, json: { type: 'boolean', default: false } },
});
const region = values.region ?? process.env.AWS_REGION ?? 'us-east-1';

async function main(): Promise<void> {
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
