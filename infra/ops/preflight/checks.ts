/**
 * Reads an account's quotas (Service Quotas, SES, AWS End User Messaging SMS) and compares them
 * with the go-live checklist: what the first-day simulation needs and what the district requests.
 */
import { DescribePhoneNumbersCommand, DescribeSpendLimitsCommand, PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { GetServiceQuotaCommand, ListServiceQuotasCommand, ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { GetAccountCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { SMS, type OriginationIdentityType } from '../../../functions/platform/limits';
import type { ChecklistItem } from '../simulation/report';
import type { QuotaKey } from '../simulation/quotas';

export interface PreflightClients {
  readonly quotas: ServiceQuotasClient;
  readonly ses: SESv2Client;
  readonly sms: PinpointSMSVoiceV2Client;
}

/** Service Quotas codes of the adjustable quotas, and the names to look for where the code varies. */
export const SERVICE_QUOTAS: Partial<Record<QuotaKey, { service: string; code?: string; name?: RegExp }>> = {
  lambdaConcurrency: { service: 'lambda', code: 'L-B99A9384' },
  apiRequestsPerSecond: { service: 'apigateway', code: 'L-8A5B8E43' },
  tableWriteUnitsPerSecond: { service: 'dynamodb', name: /^Table-level write throughput limit/i },
  putEventsRequestsPerSecond: { service: 'events', name: /^PutEvents throttle limit/i },
  cognitoUserAuthenticationPerSecond: { service: 'cognito-idp', name: /UserAuthentication/i },
  cognitoRespondToAuthChallengePerSecond: { service: 'cognito-idp', name: /RespondToAuthChallenge/i },
  cognitoUserFederationPerSecond: { service: 'cognito-idp', name: /UserFederation/i },
};

export type Verdict = 'ok' | 'below-request' | 'fails' | 'unknown';

export interface PreflightCheck {
  readonly quota: QuotaKey;
  readonly what: string;
  readonly needs: number;
  readonly requests: number | string;
  readonly actual: number | string | undefined;
  readonly verdict: Verdict;
}

async function serviceQuota(
  client: ServiceQuotasClient,
  spec: { service: string; code?: string; name?: RegExp },
): Promise<number | undefined> {
  if (spec.code) {
    const { Quota } = await client.send(new GetServiceQuotaCommand({ ServiceCode: spec.service, QuotaCode: spec.code }));
    return Quota?.Value;
  }
  let token: string | undefined;
  do {
    const page = await client.send(new ListServiceQuotasCommand({ ServiceCode: spec.service, NextToken: token }));
    const found = page.Quotas?.find((quota) => spec.name!.test(quota.QuotaName ?? ''));
    if (found) return found.Value;
    token = page.NextToken;
  } while (token);
  return undefined;
}

const ORIGINATION: Record<string, OriginationIdentityType> = { SHORT_CODE: 'shortCode', TEN_DLC: 'tenDlc', TOLL_FREE: 'tollFree' };

/** The account's SMS throughput to US numbers: its active origination identities' parts per second. */
async function smsPartsPerSecond(client: PinpointSMSVoiceV2Client): Promise<{ parts: number; identities: string }> {
  const { PhoneNumbers = [] } = await client.send(new DescribePhoneNumbersCommand({}));
  const active = PhoneNumbers.filter((number) => number.Status === 'ACTIVE' && number.IsoCountryCode === 'US');
  const types = active
    .map((number) => ORIGINATION[number.NumberType ?? ''])
    .filter((type): type is OriginationIdentityType => Boolean(type));
  // Toll-free numbers cannot be pooled for throughput (carriers filter it): one counts.
  const tollFree = types.includes('tollFree') ? SMS.partsPerSecond.tollFree.value : 0;
  const parts =
    tollFree +
    types.filter((type) => type === 'shortCode').length * SMS.partsPerSecond.shortCode.value +
    types.filter((type) => type === 'tenDlc').length * SMS.partsPerSecond.tenDlc.value;
  return { parts, identities: types.length === 0 ? 'none' : types.join(', ') };
}

/** Reads every quota of the checklist from the account and judges it. */
export async function preflight(clients: PreflightClients, items: readonly ChecklistItem[]): Promise<PreflightCheck[]> {
  const actual: Partial<Record<QuotaKey, number | string>> = {};
  for (const [quota, spec] of Object.entries(SERVICE_QUOTAS) as [QuotaKey, { service: string; code?: string; name?: RegExp }][]) {
    const value = await serviceQuota(clients.quotas, spec);
    if (value !== undefined) actual[quota] = value;
  }
  const account = await clients.ses.send(new GetAccountCommand({}));
  actual.sesProductionAccess = account.ProductionAccessEnabled ? 1 : 0;
  if (account.SendQuota?.MaxSendRate !== undefined) actual.sesSendsPerSecond = account.SendQuota.MaxSendRate;
  if (account.SendQuota?.Max24HourSend !== undefined) {
    actual.sesSendsPer24Hours = account.SendQuota.Max24HourSend < 0 ? Infinity : account.SendQuota.Max24HourSend;
  }
  const { SpendLimits = [] } = await clients.sms.send(new DescribeSpendLimitsCommand({}));
  const textLimit = SpendLimits.find((limit) => limit.Name === 'TEXT_MESSAGE_MONTHLY_SPEND_LIMIT');
  if (textLimit?.EnforcedLimit !== undefined) actual.smsMonthlySpendLimitUsd = textLimit.EnforcedLimit;
  const sms = await smsPartsPerSecond(clients.sms);

  return items.map((item) => {
    const value = item.quota === 'smsOriginationIdentities' ? sms.parts : actual[item.quota];
    const shown = item.quota === 'smsOriginationIdentities' ? `${sms.parts} parts/s (${sms.identities})` : value;
    const requested = typeof item.requests === 'number' ? item.requests : item.needs;
    const verdict: Verdict =
      typeof value !== 'number' ? 'unknown' : value < item.needs ? 'fails' : value < requested ? 'below-request' : 'ok';
    return { quota: item.quota, what: item.what, needs: item.needs, requests: item.requests, actual: shown, verdict };
  });
}
