// The identity provider the e2e runner starts beside the consoles (scripts/test/e2e-idp.ts) and
// its users. Their groups map to roles by CORDON_OIDC_ROLE_MAP below.
export const E2E_IDP = {
  name: 'Test IdP',
  clientId: 'cordon-e2e',
  clientSecret: 'cordon-e2e-client-secret',
  roleMap: 'sec-admins=admin,sec-responders=responder,sec-analysts=analyst',
  password: 'idp-password',
} as const;

export const E2E_IDP_USERS = {
  'sso-admin': { groups: ['staff', 'sec-admins'] },
  'sso-analyst': { groups: ['sec-analysts'] },
  'sso-responder': { groups: ['sec-responders'] },
  'sso-nobody': { groups: ['marketing'] },
} as const;

export type E2eIdpLogin = keyof typeof E2E_IDP_USERS;

export const ssoEmail = (login: E2eIdpLogin) => `${login}@idp.test`;
