import { toNextJsHandler } from 'better-auth/next-js';
import { auth } from '@/lib/auth/auth';

export const runtime = 'nodejs';

const handler = {
  GET: (request: Request) => toNextJsHandler(auth()).GET(request),
  POST: (request: Request) => toNextJsHandler(auth()).POST(request),
};

export const { GET, POST } = handler;
