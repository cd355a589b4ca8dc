/**
 * Module resolution hooks (node:module `register`) that make a process load the MQTT
 * library from its instrumented copy: a URL inside harness/virtual/mqtt/ becomes the same
 * file in the copy, and an import made *from* the copy is resolved as if made from the
 * original file, so `../random.ts` still finds the rest of the board.
 */
export interface RedirectData {
  /** file URL of harness/virtual/mqtt/, ending in `/`. */
  originalUrl: string;
  /** file URL of the instrumented copy, ending in `/`. */
  instrumentedUrl: string;
}

type Resolved = { url: string; format?: string | null; shortCircuit?: boolean };
type Context = { parentURL?: string; conditions?: string[]; importAttributes?: Record<string, string> };
type NextResolve = (specifier: string, context: Context) => Resolved | Promise<Resolved>;

let redirect: RedirectData | undefined;

export function initialize(data: RedirectData): void {
  if (!data.originalUrl.endsWith('/') || !data.instrumentedUrl.endsWith('/')) {
    throw new Error(`mutation loader: both folder URLs must end in "/", got ${data.originalUrl} and ${data.instrumentedUrl}`);
  }
  redirect = data;
}

/** `url` with its `from` prefix replaced by `to`; any other URL as it is. */
export function swapPrefix(url: string, from: string, to: string): string {
  return url.startsWith(from) ? to + url.slice(from.length) : url;
}

export async function resolve(specifier: string, context: Context, next: NextResolve): Promise<Resolved> {
  if (!redirect) return next(specifier, context);
  const { originalUrl, instrumentedUrl } = redirect;
  const parentURL = context.parentURL === undefined ? undefined : swapPrefix(context.parentURL, instrumentedUrl, originalUrl);
  const resolved = await next(specifier, { ...context, parentURL });
  return { ...resolved, url: swapPrefix(resolved.url, originalUrl, instrumentedUrl) };
}
