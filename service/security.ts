import helmet from 'koa-helmet';
import type { Middleware } from 'koa';
import type { ImageUrlPolicy } from './image-url.js';

/**
 * Security headers for every response: a Content-Security-Policy that allows no scripts, styles only from the
 * service itself, images only from the service and the allowed image origins, forms only back to the service;
 * plus `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`, frame denial and helmet's other defaults.
 * `upgrade-insecure-requests` is added only when every image origin is https, since it would break an http one.
 */
export function securityHeaders(images: ImageUrlPolicy): Middleware {
  return helmet({
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
