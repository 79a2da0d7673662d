import { Duration, RemovalPolicy, SecretValue, Stack, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ONEROSTER_SCOPE_NAMES, ONEROSTER_SCOPE_SERVER } from '../../domain/oneroster/rest-routes';
import { ROLES, type Role } from '../../domain/principal';
import type { StaffIdentityProvider } from '../stacks/config';
import type { OneRosterVendor } from '../stacks/oneroster-vendors';
import { OneRosterVendors } from './oneroster-vendors';
import { STAFF_TOKEN_MINUTES } from '../stacks/capacity';

const GROUP_DESCRIPTIONS: Record<Role, string> = {
  district_admin: 'District administrators: every school',
  school_admin: 'School administrators: the schools in custom:schoolIds and in the regions of custom:regionIds',
  teacher: 'Teachers: the sections they teach',
  counselor: 'Counselors: their schools, counseling notes',
  nurse: 'Nurses: their schools, health records',
  parent: 'Parents and guardians: their own children (custom:guardianId)',
};

/** Custom attributes; tokens carry them as `custom:<name>`. */
export const CUSTOM_ATTRIBUTES = ['staffId', 'guardianId', 'schoolIds', 'regionIds'] as const;
export const STAFF_ROLES = ROLES.filter((role) => role !== 'parent');
export const FAMILY_ROLES: readonly Role[] = ['parent'];

/** Which Cognito feature plan the family pool is on (docs/cost.md: the largest line of the bill). */
export type FamilyFeaturePlan = 'lite' | 'essentials' | 'plus';

export interface SisIdentityProps {
  /** The SES identity both pools send from. @default Cognito's own sender (about 50 e-mails a day: development only) */
  readonly sesEmail?: { readonly fromEmail: string; readonly identity: string };
  /** The district's identity provider for staff. @default none */
  readonly staffIdentityProvider?: StaffIdentityProvider;
  /** Where the hosted sign-in page may send staff back to (needed with a federated provider). @default none */
  readonly callbackOrigins?: readonly string[];
  /** Prefix of the staff pool's sign-in domain (with a federated provider). @default `sis-<stage>-staff` */
  readonly staffDomainPrefix?: string;
  /** @default 'plus' */
  readonly familyFeaturePlan?: FamilyFeaturePlan;
  /** The OneRoster vendors, each given its own client-credentials client and secret (decision 0155). */
  readonly oneRosterVendors: readonly OneRosterVendor[];
  /** Part of the vendors' secrets' names (`sis/<stage>/oneroster/<vendor>`). */
  readonly stage: string;
}

const PASSWORD_POLICY: cognito.PasswordPolicy = {
  minLength: 12,
  requireLowercase: true,
  requireUppercase: true,
  requireDigits: true,
  requireSymbols: true,
  tempPasswordValidity: Duration.days(3),
  passwordHistorySize: 5,
};

/**
 * Short-lived tokens and revocation: a disabled user (AdminDisableUser) or one signed out
 * everywhere (AdminUserGlobalSignOut) can no longer refresh, and their last ID token expires
 * within `ID_TOKEN_MINUTES` (decision 0062); a staff member's within `STAFF_TOKEN_MINUTES` (decision 0114).
 */
const ID_TOKEN_MINUTES = 15;

/** The e-mail sender of a pool: SES with the district's identity, or Cognito's capped default. */
function emailOf(props: SisIdentityProps): cognito.UserPoolEmail | undefined {
  if (!props.sesEmail) return undefined;
  const { fromEmail, identity } = props.sesEmail;
  return cognito.UserPoolEmail.withSES({
    fromEmail,
    fromName: 'Student Information System',
    ...(identity.includes('@') ? {} : { sesVerifiedDomain: identity }),
  });
}

/**
 * Who the callers are: two Cognito user pools whose groups are the roles, each with one public
 * client for its web app (decision 0062).
 *
 * - **Staff** (everyone who reads other people's children's records): MFA required (TOTP),
 *   Plus plan threat protection, optionally federated through the district's SAML or OIDC
 *   provider, where the district's own MFA applies.
 * - **Families**: sign in with an e-mail address or a mobile number (families without e-mail),
 *   MFA optional (SMS or TOTP), verification and recovery by either.
 * - No self sign-up in either: the district provisions accounts. Custom attributes link a user
 *   to their staff or guardian record and schools; users can read but never write them.
 * - Both send e-mail through SES when configured.
 */
export class SisIdentity extends Construct {
  readonly staffPool: cognito.UserPool;
  readonly staffClient: cognito.UserPoolClient;
  readonly familyPool: cognito.UserPool;
  readonly familyClient: cognito.UserPoolClient;
  /** The OneRoster scopes (roster-core, roster, gradebook: read only) on the staff pool. */
  readonly oneRosterScopes: cognito.UserPoolResourceServer;
  /** One client-credentials app client per OneRoster vendor, with exactly its scopes, and its secret (decision 0155). */
  readonly oneRoster: OneRosterVendors;
  /** JWT issuers of the pools' tokens, as API Gateway's JWT authorizer expects them. */
  readonly staffIssuer: string;
  readonly familyIssuer: string;
  readonly federatedProvider?: cognito.UserPoolIdentityProviderSaml | cognito.UserPoolIdentityProviderOidc;

  constructor(scope: Construct, id: string, props: SisIdentityProps) {
    super(scope, id);
    const email = emailOf(props);
    const custom = (name: (typeof CUSTOM_ATTRIBUTES)[number]) => `custom:${name}`;

    this.staffPool = new cognito.UserPool(this, 'StaffPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      keepOriginal: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        givenName: { required: false, mutable: true },
        familyName: { required: false, mutable: true },
        locale: { required: false, mutable: true },
      },
      customAttributes: {
        staffId: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
        // Comma-separated school ids; 2048 is Cognito's maximum (about 75 ids). Broader
        // assignments name regions (decision 0087) or are roles (district_admin, decision 0062).
        schoolIds: new cognito.StringAttribute({ minLen: 0, maxLen: 2048, mutable: true }),
        // Comma-separated region ids: the API adds every school of these regions to the caller's
        // schools, through a cached look-up of the region's listing (decision 0087).
        regionIds: new cognito.StringAttribute({ minLen: 0, maxLen: 2048, mutable: true }),
      },
      passwordPolicy: PASSWORD_POLICY,
      // Staff read minors' records: a second factor is required, an authenticator app (no SMS, which can be SIM-swapped).
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Threat protection covers password sign-ins only: with the district's provider, its own MFA and risk checks
      // apply instead, and Essentials bills the federated staff for less (docs/cost.md).
      ...(props.staffIdentityProvider
        ? { featurePlan: cognito.FeaturePlan.ESSENTIALS }
        : { featurePlan: cognito.FeaturePlan.PLUS, standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION }),
      ...(email ? { email } : {}),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const idp = props.staffIdentityProvider;
    if (!idp) {
      new cognito.CfnUserPoolRiskConfigurationAttachment(this, 'StaffRiskConfiguration', {
        userPoolId: this.staffPool.userPoolId,
        clientId: 'ALL',
        accountTakeoverRiskConfiguration: {
          actions: {
            lowAction: { eventAction: 'NO_ACTION', notify: false },
            mediumAction: { eventAction: 'MFA_REQUIRED', notify: false },
            highAction: { eventAction: 'BLOCK', notify: false },
          },
        },
        compromisedCredentialsRiskConfiguration: { actions: { eventAction: 'BLOCK' } },
      });
    } else {
      Validations.of(this.staffPool).acknowledge({
        id: 'AwsSolutions-COG8',
        reason:
          "Staff sign in through the district's own identity provider (sis:staffSamlMetadataUrl / sis:staffOidcIssuer), whose MFA " +
          "and risk checks govern those sign-ins; Cognito's threat protection would not see them. The few local accounts left " +
          '(break-glass administrators) still need TOTP MFA.',
      });
      const attributeMapping: cognito.AttributeMapping = { email: cognito.ProviderAttribute.other('email') };
      this.federatedProvider =
        idp.kind === 'saml'
          ? new cognito.UserPoolIdentityProviderSaml(this, 'StaffSaml', {
              userPool: this.staffPool,
              name: idp.name,
              metadata: cognito.UserPoolIdentityProviderSamlMetadata.url(idp.metadataUrl),
              attributeMapping: {
                email: cognito.ProviderAttribute.other('http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress'),
              },
            })
          : new cognito.UserPoolIdentityProviderOidc(this, 'StaffOidc', {
              userPool: this.staffPool,
              name: idp.name,
              issuerUrl: idp.issuerUrl,
              clientId: idp.clientId,
              // A dynamic reference ({{resolve:secretsmanager:…}}): CloudFormation reads the secret at deploy time; the template holds only its name.
              clientSecret: SecretValue.secretsManager(idp.clientSecretName).unsafeUnwrap(),
              scopes: ['openid', 'email'],
              attributeMapping,
            });
    }
    // The hosted sign-in page of the district's provider, and the token endpoint of the OneRoster
    // clients (client credentials): both live on the pool's domain.
    const staffDomain = this.staffPool.addDomain('StaffDomain', {
      cognitoDomain: { domainPrefix: props.staffDomainPrefix ?? `sis-${Stack.of(this).stackName.toLowerCase()}`.slice(0, 63) },
    });

    const staffRead = new cognito.ClientAttributes()
      .withStandardAttributes({ email: true, emailVerified: true, givenName: true, familyName: true, locale: true })
      .withCustomAttributes(custom('staffId'), custom('schoolIds'), custom('regionIds'));
    const userWritable = new cognito.ClientAttributes().withStandardAttributes({ givenName: true, familyName: true, locale: true });
    const callbackUrls = (props.callbackOrigins ?? []).map((origin) => `${origin.replace(/\/$/, '')}/`);
    this.staffClient = this.staffPool.addClient('StaffWebClient', {
      // A browser app cannot keep a secret.
      generateSecret: false,
      authFlows: { userSrp: true },
      // With the district's provider, the hosted page runs the code flow with PKCE; without it the app signs in with SRP.
      ...(this.federatedProvider && callbackUrls.length > 0
        ? {
            oAuth: { flows: { authorizationCodeGrant: true }, scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL], callbackUrls },
            supportedIdentityProviders: [
              cognito.UserPoolClientIdentityProvider.COGNITO,
              cognito.UserPoolClientIdentityProvider.custom(this.federatedProvider.providerName),
            ],
          }
        : { disableOAuth: true }),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      // From the sign-in model (infra/stacks/capacity.ts, decision 0114): refreshes share Cognito's UserAuthentication quota.
      accessTokenValidity: Duration.minutes(STAFF_TOKEN_MINUTES),
      idTokenValidity: Duration.minutes(STAFF_TOKEN_MINUTES),
      // A school day: a staff member signs in again each morning.
      refreshTokenValidity: Duration.hours(12),
      readAttributes: staffRead,
      writeAttributes: userWritable,
    });
    if (this.federatedProvider) this.staffClient.node.addDependency(this.federatedProvider);

    // OneRoster 1.2: the binding's scopes, under the identifier that makes Cognito's scope names the
    // binding's URIs (`https://purl.imsglobal.org/spec/or/v1p2/scope/roster.readonly`), decision 0077.
    const scopeDescriptions: Record<(typeof ONEROSTER_SCOPE_NAMES)[number], string> = {
      'roster-core.readonly': 'OneRoster rostering without demographics',
      'roster.readonly': 'OneRoster rostering, demographics included',
      'gradebook.readonly': 'OneRoster gradebook: categories, line items, results',
      'gradebook.createput': 'OneRoster gradebook writes: PUT of categories, line items, results (grade passback)',
      'gradebook.delete': 'OneRoster gradebook deletes: DELETE of categories, line items, results',
    };
    const scopes = Object.fromEntries(
      ONEROSTER_SCOPE_NAMES.map((scopeName) => [
        scopeName,
        new cognito.ResourceServerScope({ scopeName, scopeDescription: scopeDescriptions[scopeName] }),
      ]),
    ) as Record<(typeof ONEROSTER_SCOPE_NAMES)[number], cognito.ResourceServerScope>;
    this.oneRosterScopes = this.staffPool.addResourceServer('OneRosterScopes', {
      identifier: ONEROSTER_SCOPE_SERVER,
      userPoolResourceServerName: 'OneRoster 1.2',
      scopes: Object.values(scopes),
    });
    this.oneRoster = new OneRosterVendors(this, 'OneRosterVendors', {
      stage: props.stage,
      userPool: this.staffPool,
      resourceServer: this.oneRosterScopes,
      scopes,
      tokenEndpoint: `${staffDomain.baseUrl()}/oauth2/token`,
      vendors: props.oneRosterVendors,
    });

    const familyPlan = props.familyFeaturePlan ?? 'plus';
    const smsRole = new iam.Role(this, 'FamilySmsRole', {
      assumedBy: new iam.ServicePrincipal('cognito-idp.amazonaws.com', {
        conditions: { StringEquals: { 'sts:ExternalId': `${Stack.of(this).stackName}-family-sms` } },
      }),
      description: 'Lets the family user pool send verification and MFA codes by SMS',
      inlinePolicies: {
        sms: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] })] }),
      },
    });
    Validations.of(smsRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'sns:Publish to a phone number (how Cognito sends SMS codes) has no resource ARN to name; the role can only be assumed ' +
        "by Cognito with this pool's external id, and publishes nothing else.",
    });
    this.familyPool = new cognito.UserPool(this, 'FamilyPool', {
      selfSignUpEnabled: false,
      // Families without e-mail sign in with their mobile number.
      signInAliases: { email: true, phone: true },
      signInCaseSensitive: false,
      autoVerify: { email: true, phone: true },
      keepOriginal: { email: true, phone: true },
      standardAttributes: {
        email: { required: false, mutable: true },
        phoneNumber: { required: false, mutable: true },
        givenName: { required: false, mutable: true },
        familyName: { required: false, mutable: true },
        locale: { required: false, mutable: true },
      },
      customAttributes: {
        guardianId: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
      },
      passwordPolicy: PASSWORD_POLICY,
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: true },
      smsRole,
      smsRoleExternalId: `${Stack.of(this).stackName}-family-sms`,
      accountRecovery: cognito.AccountRecovery.PHONE_WITHOUT_MFA_AND_EMAIL,
      featurePlan: { lite: cognito.FeaturePlan.LITE, essentials: cognito.FeaturePlan.ESSENTIALS, plus: cognito.FeaturePlan.PLUS }[
        familyPlan
      ],
      ...(familyPlan === 'plus' ? { standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION } : {}),
      ...(email ? { email } : {}),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.familyPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'Families choose MFA (SMS or TOTP) rather than being made to: requiring a second factor of every parent would shut out ' +
        'families with one shared phone or none. Family accounts see only their own children; every account that reads other ' +
        "children's records is in the staff pool, where MFA is required.",
    });
    if (familyPlan !== 'plus') {
      Validations.of(this.familyPool).acknowledge({
        id: 'AwsSolutions-COG8',
        reason:
          `The family pool is on the ${familyPlan} plan by configuration (sis:familyFeaturePlan), chosen for cost (docs/cost.md): ` +
          'threat protection needs the Plus plan. The WAF rate limit per client and Cognito lockout still stop guessing.',
      });
    } else {
      new cognito.CfnUserPoolRiskConfigurationAttachment(this, 'FamilyRiskConfiguration', {
        userPoolId: this.familyPool.userPoolId,
        clientId: 'ALL',
        accountTakeoverRiskConfiguration: {
          actions: {
            lowAction: { eventAction: 'NO_ACTION', notify: false },
            mediumAction: { eventAction: 'MFA_IF_CONFIGURED', notify: false },
            highAction: { eventAction: 'MFA_REQUIRED', notify: false },
          },
        },
        compromisedCredentialsRiskConfiguration: { actions: { eventAction: 'BLOCK' } },
      });
    }
    this.familyClient = this.familyPool.addClient('FamilyWebClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.minutes(ID_TOKEN_MINUTES),
      idTokenValidity: Duration.minutes(ID_TOKEN_MINUTES),
      refreshTokenValidity: Duration.days(30),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({
          email: true,
          emailVerified: true,
          phoneNumber: true,
          phoneNumberVerified: true,
          givenName: true,
          familyName: true,
          locale: true,
        })
        .withCustomAttributes(custom('guardianId')),
      writeAttributes: userWritable,
    });

    STAFF_ROLES.forEach((role, precedence) => {
      new cognito.UserPoolGroup(this, `Group-${role}`, {
        userPool: this.staffPool,
        groupName: role,
        description: GROUP_DESCRIPTIONS[role],
        precedence,
      });
    });
    for (const role of FAMILY_ROLES) {
      new cognito.UserPoolGroup(this, `Group-${role}`, {
        userPool: this.familyPool,
        groupName: role,
        description: GROUP_DESCRIPTIONS[role],
      });
    }

    const region = Stack.of(this).region;
    this.staffIssuer = `https://cognito-idp.${region}.amazonaws.com/${this.staffPool.userPoolId}`;
    this.familyIssuer = `https://cognito-idp.${region}.amazonaws.com/${this.familyPool.userPoolId}`;
  }
}
