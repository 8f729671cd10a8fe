// The OpenID Connect provider for the single sign-on specs: started by scripts/test/e2e.ts on
// loopback before the consoles, which get its issuer in their environment.
import { E2E_IDP, E2E_IDP_USERS, ssoEmail, type E2eIdpLogin } from '../../e2e/support/sso';
import { startTestIdp, type TestIdpUser } from '../../lib/test/oidc-provider';

export async function startE2eIdp(consolePorts: number[]) {
  const users = new Map<string, TestIdpUser>(
    Object.entries(E2E_IDP_USERS).map(([login, user]) => [
      login,
      { email: ssoEmail(login as E2eIdpLogin), name: `SSO ${login}`, password: E2E_IDP.password, groups: [...user.groups] },
    ]),
  );
  const idp = await startTestIdp({
    clients: [
      {
        clientId: E2E_IDP.clientId,
        clientSecret: E2E_IDP.clientSecret,
        redirectUris: consolePorts.map((port) => `http://127.0.0.1:${port}/api/auth/callback/oidc`),
      },
    ],
    users,
    claimsInIdToken: true,
  });
  return {
    close: () => idp.close(),
    env: {
      CORDON_OIDC_ISSUER: idp.issuer,
      CORDON_OIDC_CLIENT_ID: E2E_IDP.clientId,
      CORDON_OIDC_CLIENT_SECRET: E2E_IDP.clientSecret,
      CORDON_OIDC_NAME: E2E_IDP.name,
      CORDON_OIDC_SCOPES: 'openid email profile groups',
      CORDON_OIDC_ROLE_MAP: E2E_IDP.roleMap,
    },
  };
}
