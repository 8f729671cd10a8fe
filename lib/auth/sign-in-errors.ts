// What the sign-in page says about a failed single sign-on. The page gets only the error code in
// its URL (anyone can craft that URL), so it shows fixed sentences, never text from the URL.
const MESSAGES: Record<string, (idp: string) => string> = {
  no_role: (idp) => `Your ${idp} account is in no group that has a Cordon role. Ask your identity team to add you to one.`,
  account_disabled: () => 'This account is disabled. Ask a Cordon admin.',
  account_not_linked: (idp) => `A local Cordon account already uses this email, so it cannot sign in with ${idp}. Ask a Cordon admin.`,
  access_denied: (idp) => `Sign-in was cancelled at ${idp}.`,
  email_not_found: (idp) => `${idp} sent no email address for your account.`,
};

export function ssoErrorMessage(code: string | undefined, idp: string): string | null {
  if (!code) return null;
  const known = MESSAGES[code];
  if (known) return known(idp);
  const shown = /^[a-z_]{1,40}$/i.test(code) ? ` (${code})` : '';
  return `Single sign-on did not complete${shown}. Try again, or ask a Cordon admin to check the logs.`;
}
