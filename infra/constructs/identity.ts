import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ROLES, type Role } from '../../domain/principal';

const GROUP_DESCRIPTIONS: Record<Role, string> = {
  district_admin: 'District administrators: every school',
  school_admin: 'School administrators: the schools in custom:schoolIds',
  teacher: 'Teachers: the sections they teach',
  counselor: 'Counselors: their schools, counseling notes',
  nurse: 'Nurses: their schools, health records',
  parent: 'Parents and guardians: their own children (custom:guardianId)',
};

/** Custom attributes; tokens carry them as `custom:<name>`. */
export const CUSTOM_ATTRIBUTES = ['staffId', 'guardianId', 'schoolIds'] as const;

/**
 * Who the callers are: one Cognito user pool for staff and parents, whose groups are the roles,
 * and one public client for the web apps.
 *
 * - No self sign-up: the district provisions staff and guardian accounts.
 * - The custom attributes link a user to their staff or guardian record and schools. They are
 *   mutable so that an administrator can correct a link or a school assignment
 *   (AdminUpdateUserAttributes), but the app client cannot write them: a user can never
 *   change the claims the API authorizes them by.
 * - Plus feature plan with threat protection enforced: compromised credentials are blocked and
 *   risky sign-ins are challenged, which matters for an account that can read children's records.
 */
export class SisIdentity extends Construct {
  readonly userPool: cognito.UserPool;
  readonly webClient: cognito.UserPoolClient;
  /** The JWT issuer of the pool's tokens, as API Gateway's JWT authorizer expects it. */
  readonly issuer: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'UserPool', {
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
        guardianId: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
        // Comma-separated school ids; 2048 is Cognito's maximum for a custom attribute.
        schoolIds: new cognito.StringAttribute({ minLen: 0, maxLen: 2048, mutable: true }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 5,
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'MFA is optional (TOTP) rather than required because one pool serves parents as well as staff, and requiring ' +
        'an authenticator app of every parent would shut families out. Threat protection (Plus plan, enforced) ' +
        'demands MFA on high-risk sign-ins and blocks compromised credentials (risk configuration below).',
    });

    // Adaptive authentication: what threat protection does at each risk level. No notification
    // e-mails (they need an SES identity); the events are in the pool's user activity log.
    new cognito.CfnUserPoolRiskConfigurationAttachment(this, 'RiskConfiguration', {
      userPoolId: this.userPool.userPoolId,
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

    ROLES.forEach((role, precedence) => {
      new cognito.UserPoolGroup(this, `Group-${role}`, {
        userPool: this.userPool,
        groupName: role,
        description: GROUP_DESCRIPTIONS[role],
        precedence,
      });
    });

    const custom = (name: (typeof CUSTOM_ATTRIBUTES)[number]) => `custom:${name}`;
    const userWritable = new cognito.ClientAttributes().withStandardAttributes({ givenName: true, familyName: true, locale: true });
    this.webClient = this.userPool.addClient('WebClient', {
      // A browser app cannot keep a secret.
      generateSecret: false,
      authFlows: { userSrp: true },
      // No hosted UI yet: the apps sign in with SRP. Enable OAuth (code + PKCE) together with a
      // pool domain and the apps' callback URLs when a hosted sign-in page is wanted.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, givenName: true, familyName: true, locale: true })
        .withCustomAttributes(...CUSTOM_ATTRIBUTES.map(custom)),
      writeAttributes: userWritable,
    });

    this.issuer = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;
  }
}
