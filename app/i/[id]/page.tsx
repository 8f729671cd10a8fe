import { notFound, redirect } from 'next/navigation';
import { requireUser } from '@/lib/auth/session';

// The deep link in pager and chat messages: /i/<id>. Without a session it goes through sign-in
// and comes back here.
export default async function IncidentDeepLink({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^\d{1,10}$/.test(id)) notFound();
  await requireUser(`/i/${id}`);
  redirect(`/incidents/${id}`);
}
