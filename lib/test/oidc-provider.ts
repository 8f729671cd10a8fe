// For tests: a real OpenID Connect provider (the certified `oidc-provider` package) on loopback,
// with static clients and test users who carry groups. Its login page is a plain HTML form
// ("Username", "Password") so both a fetch-driven test and a browser can sign in; consent is
// granted automatically, as a company IdP does for its own applications.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';

export interface TestIdpUser {
  email: string;
  name: string;
  password: string;
  groups: string[];
}

export interface TestIdpClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export interface TestIdpOptions {
  clients: TestIdpClient[];
  /** Keyed by login name; the map may be changed while the provider runs (group changes). */
  users: Map<string, TestIdpUser>;
  /** Put the scope claims (email, groups) in the ID token as well as userinfo; default false (userinfo only, as OIDC Core says for the code flow). */
  claimsInIdToken?: boolean;
  port?: number;
}

export interface TestIdp {
  issuer: string;
  close(): Promise<void>;
}

export async function startTestIdp(options: TestIdpOptions): Promise<TestIdp> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-idp', use: 'sig', alg: 'RS256' };

  const configuration: Configuration = {
    clients: options.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    })),
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'preferred_username'], groups: ['groups'] },
    scopes: ['openid', 'email', 'profile', 'groups'],
    conformIdTokenClaims: !options.claimsInIdToken,
    features: { devInteractions: { enabled: false } },
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, IdToken: 600, Interaction: 600, Session: 3600 },
    pkce: { required: () => true },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => {
      const user = options.users.get(sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          email: user.email,
          email_verified: true,
          name: user.name,
          preferred_username: sub,
          groups: [...user.groups],
        }),
      };
    },
    // First-party clients: grant what they ask for without a consent screen.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { client, session } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const existing = session.grantIdFor(client.clientId);
      if (existing) return await ctx.oidc.provider.Grant.find(existing);
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid email profile groups');
      await grant.save();
      return grant;
    },
    renderError: (ctx, out) => {
      ctx.type = 'text/plain';
      ctx.body = `error: ${out.error}\n${out.error_description ?? ''}`;
    },
  };
  const provider = new Provider(issuer, configuration);
  const oidc = provider.callback();

  server.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(url.pathname);
    if (!match) return void oidc(req, res);
    void handleInteraction(provider, options.users, req, res, match[2] === '/login').catch((error: unknown) => {
      res.statusCode = 500;
      res.end(error instanceof Error ? error.message : String(error));
    });
  });

  return {
    issuer,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function handleInteraction(provider: Provider, users: Map<string, TestIdpUser>, req: http.IncomingMessage, res: http.ServerResponse, isSubmit: boolean) {
  const details = await provider.interactionDetails(req, res);
  if (!isSubmit) return loginPage(res, details.uid, null);
  const form = new URLSearchParams(await readBody(req));
  const login = form.get('login') ?? '';
  const user = users.get(login);
  if (!user || user.password !== form.get('password')) return loginPage(res, details.uid, 'Wrong username or password.');
  await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
}

function loginPage(res: http.ServerResponse, uid: string, error: string | null) {
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.end(`<!doctype html><html><head><title>Test IdP sign-in</title></head><body>
<h1>Test IdP</h1>${error ? `<p role="alert">${error}</p>` : ''}
<form method="post" action="/interaction/${uid}/login">
<label>Username <input name="login" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Continue</button>
</form></body></html>`);
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
