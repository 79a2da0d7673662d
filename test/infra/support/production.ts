import type { SisConfig } from '../../../infra/stacks/config';

export const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/0b5e8a1c-1111-2222-3333-444455556666';

/** The vault in the district's backup account, in another Region, that every backup is copied to. */
export const COPY_VAULT = 'arn:aws:backup:us-east-2:210987654321:backup-vault:sis-prod-copies';

/**
 * A production configuration as docs/deploy.md gives it: the production checks and the throttle budget's read the
 * same synthesis of it (synthSis keeps one per settings).
 */
export const PRODUCTION: Partial<SisConfig> = {
  stage: 'prod',
  production: true,
  frontDoor: true,
  alarmEmail: 'oncall@district.example',
  sesEmail: { fromEmail: 'no-reply@district.example', identity: 'district.example' },
  staffIdentityProvider: { kind: 'saml', name: 'District', metadataUrl: 'https://login.district.example/federationmetadata.xml' },
  corsAllowOrigins: ['https://staff.district.example', 'https://parents.district.example'],
  customDomain: { staff: 'staff-api.district.example', family: 'family-api.district.example', certificateArn: CERTIFICATE },
  districtEgressCidrs: ['203.0.113.0/28', '198.51.100.7/32'],
  backupCopy: { vaultArn: COPY_VAULT },
};
