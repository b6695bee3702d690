import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ServiceNaming } from '../naming/ServiceNaming';

/** Props of {@link ServiceUserPool}. */
export interface ServiceUserPoolProps {
  readonly naming: ServiceNaming;
  /** The API's scopes, name → description (`auth.scopes` of the config). */
  readonly scopes: Readonly<Record<string, string>>;
  /**
   * Prod: keep every part on update and delete (not on a failed first create, which would leave the fixed domain
   * prefix blocking the retry) and turn deletion protection on. Previews: destroyed with their stack.
   */
  readonly retain: boolean;
}

/**
 * The user pool of one service environment, for machine-to-machine OAuth 2: no self sign-up and no users, a resource
 * server (identifier = the service name) holding the API's scopes, an app client with a secret for the
 * client-credentials grant on all of them, and a Cognito domain, whose `/oauth2/token` issues the access tokens.
 * Human sign-in (authorization code flow) is a later addition of the service's own: add a client with callback URLs.
 */
export class ServiceUserPool extends Construct {
  public readonly userPool: cognito.UserPool;
  public readonly resourceServer: cognito.UserPoolResourceServer;
  public readonly machineClient: cognito.UserPoolClient;
  public readonly domain: cognito.UserPoolDomain;
  /** `<service>`: what scopes are prefixed with in tokens (`<identifier>/<scope>`). */
  public readonly resourceServerIdentifier: string;
  /** Every scope as tokens carry it: `<identifier>/<name>`. */
  public readonly scopeStrings: string[];
  /** The domain's token endpoint (`/oauth2/token`). */
  public readonly tokenUrl: string;

  constructor(scope: Construct, id: string, props: ServiceUserPoolProps) {
    super(scope, id);
    const { naming } = props;
    const removalPolicy = props.retain ? RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE : RemovalPolicy.DESTROY;
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: naming.userPoolName,
      selfSignUpEnabled: false,
      // No users: the pool issues tokens to app clients. Should someone add users, they get a strong password policy
      // and must use an authenticator app (TOTP); no SMS (no SNS role, no cost).
      passwordPolicy: { minLength: 14, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.NONE,
      // Lite: resource servers, client credentials and the Cognito domain are all there; Plus is threat protection.
      featurePlan: cognito.FeaturePlan.LITE,
      deletionProtection: props.retain,
      removalPolicy,
    });

    this.resourceServerIdentifier = naming.service;
    const scopes = Object.entries(props.scopes).map(([scopeName, scopeDescription]) => new cognito.ResourceServerScope({ scopeName, scopeDescription }));
    this.resourceServer = this.userPool.addResourceServer('ResourceServer', {
      identifier: this.resourceServerIdentifier,
      userPoolResourceServerName: naming.service,
      scopes,
    });
    this.scopeStrings = scopes.map((s) => `${this.resourceServerIdentifier}/${s.scopeName}`);

    this.machineClient = this.userPool.addClient('MachineClient', {
      userPoolClientName: naming.machineClientName,
      generateSecret: true,
      // No user sign-in flow at all (CDK then only lists refresh tokens, which client credentials never issue).
      authFlows: { userPassword: false, userSrp: false, custom: false, adminUserPassword: false },
      oAuth: {
        flows: { clientCredentials: true },
        scopes: scopes.map((s) => cognito.OAuthScope.resourceServer(this.resourceServer, s)),
      },
      accessTokenValidity: Duration.hours(1),
      enableTokenRevocation: true,
      preventUserExistenceErrors: true,
    });

    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: naming.authDomainPrefix(Stack.of(this).account) },
    });

    this.tokenUrl = cognitoTokenUrl(naming.authDomainPrefix(Stack.of(this).account), Stack.of(this).region);

    for (const part of [this.resourceServer, this.machineClient, this.domain]) part.applyRemovalPolicy(removalPolicy);

    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason: 'Machine-to-machine pool without users: Plus-tier threat protection guards user sign-ins (compromised credentials, risky sign-in attempts), which this pool has none of, and is billed per monthly active user.',
    });
  }
}

/** `https://<prefix>.auth.<region>.amazoncognito.com/oauth2/token`: the token endpoint of a Cognito domain. */
export function cognitoTokenUrl(domainPrefix: string, region: string): string {
  return `https://${domainPrefix}.auth.${region}.amazoncognito.com/oauth2/token`;
}

/** `https://cognito-idp.<region>.amazonaws.com/<poolId>`: the issuer (`iss`) of a user pool's tokens. */
export function cognitoIssuer(region: string, userPoolId: string): string {
  return `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}
