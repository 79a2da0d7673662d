import { LOCAL_AUDIENCE, LOCAL_ISSUER, LocalAuth } from '../../infra/local/local-auth';

/**
 * The local JWT authorizer refuses what API Gateway's JWT authorizer refuses: another key's
 * signature, another issuer or audience, an expired token, a token not valid yet or issued in
 * the future. A refused token is a 401 for every route but the public ones.
 */
describe('local JWT authorizer', () => {
  const auth = LocalAuth.ephemeral();
  const now = () => Math.floor(Date.now() / 1000);

  test("a token it issued is accepted, with Cognito's claim names and groups flattened as API Gateway passes them", () => {
    const claims = auth.verify(auth.issue({ role: 'teacher', staffId: 'T1', schoolIds: ['A', 'B'] }));
    expect(claims).toMatchObject({
      iss: LOCAL_ISSUER,
      aud: LOCAL_AUDIENCE,
      token_use: 'id',
      'cognito:groups': '[teacher]',
      'custom:staffId': 'T1',
      'custom:schoolIds': 'A,B',
    });
  });

  test("a regional staff member's token carries custom:regionIds comma-separated, and none when no region is given", () => {
    expect(auth.verify(auth.issue({ role: 'school_admin', regionIds: ['north', 'east'] }))).toMatchObject({
      'custom:regionIds': 'north,east',
    });
    expect(auth.verify(auth.issue({ role: 'school_admin', schoolIds: ['A'] }))).not.toHaveProperty('custom:regionIds');
  });

  test('a token signed by another key is refused, and so is one whose payload was changed after signing', () => {
    expect(auth.verify(LocalAuth.ephemeral().issue({ role: 'district_admin' }))).toBeUndefined();
    const [header, , signature] = auth.issue({ role: 'teacher' }).split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'x', iss: LOCAL_ISSUER, aud: LOCAL_AUDIENCE, exp: now() + 60 })).toString('base64url');
    expect(auth.verify(`${header}.${forged}.${signature}`)).toBeUndefined();
  });

  test('an unsigned token (alg none) is refused', () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const payload = { sub: 'x', iss: LOCAL_ISSUER, aud: LOCAL_AUDIENCE, exp: now() + 60, 'cognito:groups': ['district_admin'] };
    expect(auth.verify(`${encode({ alg: 'none', kid: 'local-signing-key' })}.${encode(payload)}.`)).toBeUndefined();
  });

  test('an expired token is refused', () => {
    expect(auth.verify(auth.issue({ role: 'school_admin', expiresInSeconds: -1 }))).toBeUndefined();
    expect(auth.verify(auth.issue({ role: 'school_admin', claims: { exp: undefined } }))).toBeUndefined();
  });

  test('another issuer or another audience is refused', () => {
    expect(auth.verify(auth.issue({ role: 'nurse', claims: { iss: 'https://cognito-idp.local.localhost/other_pool' } }))).toBeUndefined();
    expect(auth.verify(auth.issue({ role: 'nurse', claims: { aud: 'another-app-client' } }))).toBeUndefined();
    expect(auth.verify(auth.issue({ role: 'nurse', claims: { aud: ['another-app-client'] } }))).toBeUndefined();
    expect(auth.verify(auth.issue({ role: 'nurse', claims: { aud: undefined } }))).toBeUndefined();
  });

  test('without aud, the client_id is the audience (an access token); with aud, aud decides', () => {
    expect(auth.verify(auth.issue({ role: 'nurse', claims: { aud: undefined, client_id: LOCAL_AUDIENCE } }))).toBeDefined();
    expect(auth.verify(auth.issue({ role: 'nurse', claims: { aud: undefined, client_id: 'another-app-client' } }))).toBeUndefined();
    expect(auth.verify(auth.issue({ role: 'nurse', claims: { aud: 'another-app-client', client_id: LOCAL_AUDIENCE } }))).toBeUndefined();
  });

  test('a token not valid yet (nbf) or issued in the future (iat) is refused', () => {
    expect(auth.verify(auth.issue({ role: 'counselor', claims: { nbf: now() + 300 } }))).toBeUndefined();
    expect(auth.verify(auth.issue({ role: 'counselor', claims: { iat: now() + 300 } }))).toBeUndefined();
    expect(auth.verify(auth.issue({ role: 'counselor', claims: { nbf: now() - 5 } }))).toBeDefined();
  });
});
