/**
 * Decides which image URLs from the Dog API may reach a page: `http:`/`https:` only, no credentials,
 * and only on an allowed origin (the same list the Content-Security-Policy `img-src` names).
 */
export class ImageUrlPolicy {
  readonly origins: readonly string[];

  constructor(origins: readonly string[]) {
    this.origins = [...new Set(origins.map((o) => new URL(o).origin))];
  }

  /** The normalised URL when it is safe to render, else undefined. */
  check(candidate: unknown): string | undefined {
    if (typeof candidate !== 'string' || candidate.length > 2048) return undefined;
    let url: URL;
    try {
      url = new URL(candidate);
    } catch {
      return undefined;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    if (url.username || url.password) return undefined;
    if (!this.origins.includes(url.origin)) return undefined;
    return url.href;
  }

  /** Whether every origin is https, so the page may ask browsers to upgrade insecure requests. */
  get allHttps(): boolean {
    return this.origins.every((o) => o.startsWith('https:'));
  }
}
