import type { Context } from 'koa';
import { breedKey, type Breed } from './breeds.js';
import { isClientGone, isMalformedRequest, logClientError } from './client-errors.js';
import type { RequestContext } from './request-context.js';
import { UpstreamError } from './upstream-error.js';
import { problemPage, unknownBreedPage, type PageFrame } from './views/pages.js';

/** 400: the input is not breed-like; `input` is what was sent, shown back (escaped) so it can be fixed. */
export class BadInput extends Error {
  override readonly name = 'BadInput';
  readonly status = 400;
  constructor(readonly reason: string, readonly input?: string) {
    super(reason);
  }
}

/** 404: a well-formed name that is not in the Dog API's breed list. */
export class UnknownBreed extends Error {
  override readonly name = 'UnknownBreed';
  readonly status = 404;
  constructor(readonly input: string, readonly suggestions: readonly Breed[]) {
    super(`unknown breed ${JSON.stringify(input)}`);
  }
}

interface Problem {
  readonly status: number;
  readonly title: string;
  readonly message: string;
  readonly retryAfter?: number;
}

const TITLES: Record<number, [string, string]> = {
  404: ['Page not found', 'There is no page at this address.'],
  405: ['Method not allowed', 'This address does not accept that kind of request.'],
  413: ['Request too large', 'That request was larger than this service accepts. Breed names are short.'],
  415: ['Unsupported request', 'Send the search form as a normal web form.'],
};

function upstreamProblem(err: UpstreamError): Problem {
  if (err.status === 504) {
    return { status: 504, title: 'The Dog API is unavailable', message: 'The Dog API did not answer in time. Please try again in a moment.' };
  }
  if (err.status === 503) {
    return {
      status: 503,
      title: 'The Dog API is unavailable',
      message: 'The Dog API is failing or busy right now, and no picture of this breed is cached. Please try again in a moment.',
      retryAfter: err.retryAfterSeconds ?? 5,
    };
  }
  if (err.status === 404) return { status: 404, title: 'No pictures', message: 'The Dog API has no pictures of this breed right now.' };
  if (err.kind === 'network') {
    return { status: 502, title: 'The Dog API is unavailable', message: 'The Dog API could not be reached. Please try again in a moment.' };
  }
  if (err.kind === 'missing_breed_list') {
    return { status: 502, title: 'The Dog API is unavailable', message: 'The Dog API did not serve its list of breeds. Please try again later.' };
  }
  return { status: 502, title: 'The Dog API is unavailable', message: 'The Dog API gave an answer we could not use. Please try again in a moment.' };
}

function problemOf(err: unknown): Problem {
  if (err instanceof BadInput) return { status: 400, title: 'That does not look like a breed name', message: err.reason };
  if (err instanceof UpstreamError) return upstreamProblem(err);
  const status = (err as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const [title, message] = TITLES[status] ?? ['Bad request', 'The request could not be understood.'];
    return { status, title, message };
  }
  return { status: 500, title: 'Something went wrong', message: 'The service failed to answer. Please try again.' };
}

/**
 * Turns an error into a readable answer: an HTML page, or JSON under `/api/`. No stack trace or upstream text ever
 * reaches the visitor; unexpected errors are logged with the request id.
 */
export function answerError(ctx: Context, err: unknown, frameOf: (ctx: Context, query?: string) => PageFrame): void {
  const log = (ctx.state as { request?: RequestContext }).request?.log;
  const api = ctx.path.startsWith('/api/');
  if (isClientGone(err) || isMalformedRequest(err)) {
    // Nobody is left to read an answer (or the body was not HTTP): one line, and a 400 for the metrics.
    if (log) logClientError(log, err);
    ctx.status = 400;
    ctx.set('Connection', 'close');
    ctx.body = api ? { error: 'The request was not received completely.' } : 'The request was not received completely.\n';
    return;
  }
  const problem = problemOf(err);
  if (problem.status === 500) log?.error({ err }, 'unexpected error');
  if (problem.status === 413) ctx.set('Connection', 'close'); // the rest of the body is not read
  ctx.status = problem.status;
  ctx.set('Cache-Control', 'no-store');
  if (problem.retryAfter) ctx.set('Retry-After', String(problem.retryAfter));
  if (err instanceof UnknownBreed) {
    ctx.body = api
      ? { error: 'unknown breed', breed: err.input, suggestions: err.suggestions.map(breedKey) }
      : unknownBreedPage(frameOf(ctx, err.input), err.input, err.suggestions);
    if (!api) ctx.type = 'html';
    return;
  }
  if (api) {
    ctx.body = { error: problem.message };
  } else {
    ctx.type = 'html';
    ctx.body = problemPage(frameOf(ctx, err instanceof BadInput ? err.input : undefined), problem.title, problem.message);
  }
}
