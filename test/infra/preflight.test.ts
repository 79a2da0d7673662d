import { DescribePhoneNumbersCommand, DescribeSpendLimitsCommand, PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { GetServiceQuotaCommand, ListServiceQuotasCommand, ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { GetAccountCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { preflight } from '../../infra/ops/preflight/checks';
import type { ChecklistItem } from '../../infra/ops/simulation/report';

/** Recorded answers of a new account and of one made ready for the first day (no network: aws-sdk-client-mock). */
const CHECKLIST: ChecklistItem[] = [
  { quota: 'sesProductionAccess', what: 'SES production access', needs: 1, requests: 1 },
  { quota: 'sesSendsPerSecond', what: 'SES rate', needs: 91, requests: 200 },
  { quota: 'smsOriginationIdentities', what: 'SMS parts/s', needs: 16, requests: '1 × shortCode' },
  { quota: 'smsMonthlySpendLimitUsd', what: 'SMS spend', needs: 5_152, requests: 15_000 },
  { quota: 'lambdaConcurrency', what: 'Lambda concurrency', needs: 979, requests: 2_000 },
  { quota: 'cognitoUserAuthenticationPerSecond', what: 'Cognito UserAuthentication', needs: 168, requests: 300 },
];

function account(ready: boolean) {
  const clients = { quotas: new ServiceQuotasClient({}), ses: new SESv2Client({}), sms: new PinpointSMSVoiceV2Client({}) };
  // Answers for any quota first, then the ones these accounts differ on (a later, narrower match wins).
  mockClient(clients.quotas)
    .on(GetServiceQuotaCommand)
    .resolves({ Quota: { Value: 10_000 } })
    .on(ListServiceQuotasCommand)
    .resolves({ Quotas: [] })
    .on(GetServiceQuotaCommand, { QuotaCode: 'L-B99A9384' })
    .resolves({ Quota: { QuotaCode: 'L-B99A9384', QuotaName: 'Concurrent executions', Value: 1_000 } })
    .on(ListServiceQuotasCommand, { ServiceCode: 'cognito-idp' })
    .resolves({ Quotas: [{ QuotaName: 'Rate of UserAuthentication requests', Value: ready ? 300 : 120 }] });
  mockClient(clients.ses)
    .on(GetAccountCommand)
    .resolves(
      ready
        ? { ProductionAccessEnabled: true, SendQuota: { MaxSendRate: 200, Max24HourSend: 1_000_000 } }
        : { ProductionAccessEnabled: false, SendQuota: { MaxSendRate: 1, Max24HourSend: 200 } },
    );
  mockClient(clients.sms)
    .on(DescribeSpendLimitsCommand)
    .resolves({
      SpendLimits: [{ Name: 'TEXT_MESSAGE_MONTHLY_SPEND_LIMIT', EnforcedLimit: ready ? 15_000 : 1, MaxLimit: 15_000, Overridden: ready }],
    })
    .on(DescribePhoneNumbersCommand)
    .resolves({
      PhoneNumbers: [
        ready
          ? { NumberType: 'SHORT_CODE', Status: 'ACTIVE', IsoCountryCode: 'US' }
          : { NumberType: 'TOLL_FREE', Status: 'ACTIVE', IsoCountryCode: 'US' },
      ] as never,
    });
  return clients;
}

describe('npm run preflight', () => {
  test("fails a new account on SES's sandbox, SMS throughput and spend, and Cognito, naming what the district needs", async () => {
    const checks = await preflight(account(false), CHECKLIST);
    const verdicts = Object.fromEntries(checks.map((check) => [check.quota, check.verdict]));
    expect(verdicts).toEqual({
      sesProductionAccess: 'fails',
      sesSendsPerSecond: 'fails',
      smsOriginationIdentities: 'fails',
      smsMonthlySpendLimitUsd: 'fails',
      lambdaConcurrency: 'below-request',
      cognitoUserAuthenticationPerSecond: 'fails',
    });
    expect(checks.find((check) => check.quota === 'smsOriginationIdentities')?.actual).toBe('3 parts/s (tollFree)');
  });

  test('passes an account that holds what the district needs, and says where it is below what the district requests', async () => {
    const checks = await preflight(account(true), CHECKLIST);
    expect(checks.filter((check) => check.verdict === 'fails')).toEqual([]);
    expect(checks.filter((check) => check.verdict !== 'ok').map((check) => check.quota)).toEqual(['lambdaConcurrency']);
  });
});
