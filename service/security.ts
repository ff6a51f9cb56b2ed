import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';
import type { ImageUrlPolicy } from './image-url.js';

/** What helmet would set on a response with these options: the same for every response, since no directive is a function. */
function helmetHeaders(options: HelmetOptions): [string, string][] {
  const headers = new Map<string, string>();
  const res = {
    setHeader: (name: string, value: string | number) => headers.set(name, String(value)),
    removeHeader: (name: string) => headers.delete(name),
  };
  let failure: Error | undefined;
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err) failure = err instanceof Error ? err : new Error('helmet refused its options');
  });
  if (failure) throw failure;
  return [...headers];
}

/**
 * Security headers for every response: a Content-Security-Policy that allows no scripts, styles only from the
 * service itself, images only from the service and the allowed image origins, forms only back to the service;
 * plus `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`, frame denial and helmet's other defaults.
 * `upgrade-insecure-requests` is added only when every image origin is https, since it would break an http one.
 * helmet computes the headers once, at startup; the app sets them on each response without running helmet's
 * middleware chain.
 */
export function securityHeaders(images: ImageUrlPolicy): readonly (readonly [name: string, value: string])[] {
  return helmetHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        imgSrc: ["'self'", ...images.origins],
        styleSrc: ["'self'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        ...(images.allHttps ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}
